import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { CLOUDFRONT_LOG_UNSUPPORTED_REGIONS, GMS_ORIGIN_REQUEST_HEADERS, GmsEdge, GmsEdgeProps, GmsStickiness } from '../../lib/aws';
import { PARTITIONED_COOKIE_EDGE_FUNCTION_DESCRIPTION } from '../../lib/aws/partitioned-cookie-edge-function';
import { cloudFrontFunctionCode, lambdaEdgeHandlerCode } from '../../lib/cookie';
import { securityResponseHeaders } from '../../lib';
import { Fixture, GLOBAL_CERT_ARN, ORIGIN_DOMAIN, PREFIX_LIST_ID, fixture, onlyResourceProperties, twoNodeGroups, warningsMatching } from './support';

const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

/** The regions the CloudFront Developer Guide lists as not receiving standard logs (legacy). */
const DOCUMENTED_LOG_UNSUPPORTED_REGIONS = ['af-south-1', 'ap-east-1', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ca-west-1',
  'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1'];

/** The template's rules besides aws-cdk-lib's own bootstrap version check. */
function gmsRules(template: Template): Record<string, unknown> {
  return Object.fromEntries(Object.entries(template.toJSON().Rules ?? {}).filter(([id]) => id !== 'CheckBootstrapVersion'));
}

/** The synthesized idle timeout of the one load balancer. */
function loadBalancerIdleTimeout(template: Template): string | undefined {
  const attributes = onlyResourceProperties(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer').LoadBalancerAttributes as Array<{ Key: string; Value: string }>;
  return attributes.find((attribute) => attribute.Key === 'idle_timeout.timeout_seconds')?.Value;
}

function edge(f: Fixture, props: Partial<GmsEdgeProps> = {}) {
  const construct = new GmsEdge(f.stack, 'Edge', {
    vpc: f.vpc,
    nodeGroups: twoNodeGroups(f),
    originDomainName: ORIGIN_DOMAIN,
    originCertificate: f.originCertificate,
    ...props,
  });
  return { construct, template: Template.fromStack(f.stack) };
}

type DistributionConfig = {
  DefaultCacheBehavior: Record<string, unknown> & { FunctionAssociations?: Array<Record<string, unknown>>; LambdaFunctionAssociations?: Array<Record<string, unknown>> };
  Origins: Array<Record<string, unknown> & { CustomOriginConfig: Record<string, unknown>; OriginCustomHeaders: Array<{ HeaderName: string; HeaderValue: unknown }> }>;
  [key: string]: unknown;
};
const distributionConfig = (template: Template) => (onlyResourceProperties(template, 'AWS::CloudFront::Distribution').DistributionConfig as DistributionConfig);

describe('GmsEdge', () => {
  describe('with defaults, in an environment-agnostic stack', () => {
    const f = fixture();
    const { construct, template } = edge(f);
    const config = distributionConfig(template);

    it('sends every method uncached to the load balancer, redirecting HTTP to HTTPS, over HTTP/2 and HTTP/3 and IPv6', () => {
      expect(config.DefaultCacheBehavior).toMatchObject({
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        CachePolicyId: CACHING_DISABLED,
        ViewerProtocolPolicy: 'redirect-to-https',
      });
      expect(config).toMatchObject({ HttpVersion: 'http2and3', IPV6Enabled: true, Enabled: true, PriceClass: 'PriceClass_All' });
    });

    it('connects to the origin host name over HTTPS only with TLSv1.2, a 60 s read timeout and a 30 s keepalive', () => {
      expect(config.Origins).toHaveLength(1);
      expect(config.Origins[0]).toMatchObject({
        DomainName: ORIGIN_DOMAIN,
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'], HTTPSPort: 443, OriginReadTimeout: 60, OriginKeepaliveTimeout: 30 },
      });
    });

    it('adds the secret origin header from Secrets Manager (a dynamic reference, the same one the listener rules check)', () => {
      const dynamicReference = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: expect.stringMatching(/OriginVerifySecret/) }, ':SecretString:::}}']] };
      expect(config.Origins[0].OriginCustomHeaders).toEqual([{ HeaderName: 'X-Origin-Verify', HeaderValue: dynamicReference }]);
      const headerConditions = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule'))
        .flatMap((rule) => rule.Properties.Conditions as Array<{ Field: string; HttpHeaderConfig?: unknown }>)
        .filter((condition) => condition.Field === 'http-header');
      expect(headerConditions).toHaveLength(3);
      for (const condition of headerConditions) {
        // The very value CloudFront sends: the same secret, never a literal.
        expect(condition.HttpHeaderConfig).toEqual({ HttpHeaderName: 'X-Origin-Verify', Values: [config.Origins[0].OriginCustomHeaders[0].HeaderValue] });
      }
      expect(JSON.stringify(template.toJSON())).not.toMatch(/"SecretString"/);
    });

    it('forwards all cookies, all query strings and the CORS, Content-Type and WebSocket headers GMS needs', () => {
      template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
        OriginRequestPolicyConfig: {
          CookiesConfig: { CookieBehavior: 'all' },
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          HeadersConfig: {
            HeaderBehavior: 'whitelist',
            Headers: [
              'Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers', 'Content-Type',
              'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'Sec-WebSocket-Protocol', 'Sec-WebSocket-Extensions',
            ],
          },
        },
      });
      expect(GMS_ORIGIN_REQUEST_HEADERS).toHaveLength(8);
      expect(config.DefaultCacheBehavior.OriginRequestPolicyId).toEqual({ Ref: expect.stringMatching(/OriginRequestPolicy/) });
    });

    it('rewrites cookies on viewer-response with the CloudFront Function holding exactly the engine\'s code on runtime 2.0', () => {
      expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([{ EventType: 'viewer-response', FunctionARN: { 'Fn::GetAtt': [expect.stringMatching(/PartitionedCookieFunction/), 'FunctionARN'] } }]);
      expect(config.DefaultCacheBehavior.LambdaFunctionAssociations).toBeUndefined();
      template.hasResourceProperties('AWS::CloudFront::Function', { FunctionCode: cloudFrontFunctionCode(), FunctionConfig: { Runtime: 'cloudfront-js-2.0' } });
      expect(construct.partitionedCookieFunction?.code).toBe(cloudFrontFunctionCode());
      expect(construct.edgeRuntime).toBe('cloudfront-function');
    });

    it('writes standard access logs, without cookies, to an encrypted TLS-only bucket with ACLs for CloudFront and a 90-day lifecycle', () => {
      expect(config.Logging).toEqual({ Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^EdgeLogBucket/), 'RegionalDomainName'] }, IncludeCookies: false, Prefix: 'cloudfront/' });
      template.hasResourceProperties('AWS::S3::Bucket', {
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90 })] },
      });
    });

    it('uses the default *.cloudfront.net certificate, no aliases, no web ACL', () => {
      expect(config.Aliases).toBeUndefined();
      expect(config.ViewerCertificate).toBeUndefined();
      expect(config.WebACLId).toBeUndefined();
    });

    it('sets the load balancer idle timeout to at least the read timeout', () => {
      expect(loadBalancerIdleTimeout(template)).toBe('60');
    });

    it('names the origin request policy after its path and the deployment region (names are global to the account), valid in every region', () => {
      const { Name } = (onlyResourceProperties(template, 'AWS::CloudFront::OriginRequestPolicy').OriginRequestPolicyConfig as { Name: unknown });
      expect(Name).toEqual({ 'Fn::Join': ['', [expect.stringMatching(/^Test-Edge-[A-Za-z0-9-]+-$/), { Ref: 'AWS::Region' }]] });
      const prefix = (Name as { 'Fn::Join': [string, [string, unknown]] })['Fn::Join'][1][0];
      for (const { name: region } of RegionInfo.regions) {
        expect(`${prefix}${region}`).toMatch(/^[A-Za-z0-9_-]{1,128}$/);
      }
    });

    it('adds no CloudFormation rule for the log bucket region (rules are documented for parameters only); the known regions are listed', () => {
      expect(gmsRules(template)).toEqual({});
      expect(CLOUDFRONT_LOG_UNSUPPORTED_REGIONS).toEqual(expect.arrayContaining(DOCUMENTED_LOG_UNSUPPORTED_REGIONS));
      for (const region of ['us-east-1', 'eu-west-1', 'ap-south-1', 'eu-central-1']) {
        expect(CLOUDFRONT_LOG_UNSUPPORTED_REGIONS).not.toContain(region);
      }
    });

    it('outputs the distribution domain name and the load balancer DNS name', () => {
      template.hasOutput('*', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EdgeDistribution'), 'DomainName'] } });
      template.hasOutput('*', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EdgeLoadBalancer'), 'DNSName'] } });
    });

    it('exposes what it created', () => {
      expect(construct.distribution).toBeInstanceOf(cloudfront.Distribution);
      expect(construct.originRequestPolicy).toBeInstanceOf(cloudfront.OriginRequestPolicy);
      expect(construct.loadBalancer.nodeGroups.map((g) => g.groupName)).toEqual(['aws', 'onprem']);
      expect(construct.logBucket).toBeInstanceOf(s3.Bucket);
      expect(construct.originCertificate).toBe(f.originCertificate);
    });

    it('warns only that the default *.cloudfront.net certificate lets viewers use TLSv1 and that CloudFront alarms need us-east-1, under stable ids', () => {
      expect(warningsMatching(f.stack, '')).toEqual([
        expect.stringContaining('domainNames is empty, so viewers reach the distribution on *.cloudfront.net with CloudFront\'s default certificate, whose security policy is fixed at TLSv1'),
        expect.stringContaining('the CloudFront and cookie-function alarms carry a condition and exist only when the stack is deployed to us-east-1'),
      ]);
      const ids = Annotations.fromStack(f.stack).findWarning('*', Match.anyValue()).map((entry) => String(entry.entry.data as string));
      expect(ids[0]).toMatch(/\[ack: gms-edge-constructs:defaultCertificateAllowsTls1\]/);
      expect(ids[1]).toMatch(/\[ack: gms-edge-constructs:cloudFrontAlarmsOnlyInUsEast1\]/);
    });

    it('adds HSTS, nosniff and a Referrer-Policy through a response headers policy, and no X-Frame-Options or CSP (the widget is framed cross-site)', () => {
      const policy = onlyResourceProperties(template, 'AWS::CloudFront::ResponseHeadersPolicy').ResponseHeadersPolicyConfig as {
        Name: unknown; SecurityHeadersConfig: Record<string, unknown> };
      expect(policy.SecurityHeadersConfig).toEqual({
        StrictTransportSecurity: { AccessControlMaxAgeSec: 31536000, IncludeSubdomains: false, Preload: false, Override: true },
        ContentTypeOptions: { Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
      });
      expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: expect.stringMatching(/^EdgeResponseHeadersPolicy/) });
      // The same headers as the cloud-neutral list the Azure gateway sends.
      expect(securityResponseHeaders().map((header) => header.name)).toEqual(['Strict-Transport-Security', 'X-Content-Type-Options', 'Referrer-Policy']);
    });

    it('lets the listener rules update before the distribution (a rotated origin secret is accepted before CloudFront sends it)', () => {
      const distributionId = Object.keys(template.findResources('AWS::CloudFront::Distribution'))[0];
      const ruleIds = Object.keys(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule'));
      expect(ruleIds.length).toBeGreaterThan(0);
      expect(template.toJSON().Resources[distributionId].DependsOn).toEqual(expect.arrayContaining(ruleIds));
    });
  });

  describe('security headers', () => {
    it('sends CSP frame-ancestors only for the embedding sites listed, and HSTS as configured', () => {
      const f = fixture();
      const { template } = edge(f, { securityHeaders: { frameAncestors: ['\'self\'', 'https://www.example.com'], hstsIncludeSubDomains: true, hstsPreload: true, hstsMaxAgeSeconds: 63072000 } });
      const config = (onlyResourceProperties(template, 'AWS::CloudFront::ResponseHeadersPolicy').ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, unknown> }).SecurityHeadersConfig;
      expect(config.ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: 'frame-ancestors \'self\' https://www.example.com', Override: true });
      expect(config.StrictTransportSecurity).toEqual({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Preload: true, Override: true });
      expect(config.FrameOptions).toBeUndefined();
    });
    it('takes your own policy instead', () => {
      const f = fixture();
      const mine = cloudfront.ResponseHeadersPolicy.fromResponseHeadersPolicyId(f.stack, 'Mine', 'policy-id');
      const { construct, template } = edge(f, { existingResponseHeadersPolicy: mine });
      template.resourceCountIs('AWS::CloudFront::ResponseHeadersPolicy', 0);
      expect(construct.responseHeadersPolicy).toBe(mine);
      expect(distributionConfig(template).DefaultCacheBehavior.ResponseHeadersPolicyId).toBe('policy-id');
    });
  });

  describe('origin timeouts against the CloudFront quotas (120 s response, 300 s keep-alive by default; aws-cdk-lib 2.276 checks only the 1 s minimum)', () => {
    it('accepts a 120 s read timeout and a 240 s keep-alive under the default quotas without a warning', () => {
      const f = fixture();
      const { template } = edge(f, { originReadTimeout: Duration.seconds(120), originKeepaliveTimeout: Duration.seconds(240), loadBalancerProps: { idleTimeout: Duration.seconds(300) } });
      const origin = distributionConfig(template).Origins[0] as { CustomOriginConfig: Record<string, unknown> };
      expect(origin.CustomOriginConfig).toMatchObject({ OriginReadTimeout: 120, OriginKeepaliveTimeout: 240 });
      expect(warningsMatching(f.stack, 'quota')).toEqual([]);
    });
    it('accepts up to a raised quota, declared in originTimeoutQuotas', () => {
      const f = fixture();
      const { template } = edge(f, { originReadTimeout: Duration.seconds(600), originTimeoutQuotas: { responseTimeoutSeconds: 600 }, loadBalancerProps: { idleTimeout: Duration.seconds(700) } });
      expect((distributionConfig(template).Origins[0] as { CustomOriginConfig: Record<string, unknown> }).CustomOriginConfig.OriginReadTimeout).toBe(600);
    });
    it('rejects a read timeout above the default quota, saying how to raise it', () => {
      const f = fixture();
      expect(() => edge(f, { originReadTimeout: Duration.seconds(121) })).toThrow(/Test\/Edge: originReadTimeout is 121 s, above the CloudFront quota "Response timeout per origin" of 120 s \(the default\).*Allowed: 1–120 s, or raise the quota through Service Quotas and set originTimeoutQuotas\.responseTimeoutSeconds/);
    });
    it('rejects a keep-alive above a declared quota', () => {
      const f = fixture();
      expect(() => edge(f, { originKeepaliveTimeout: Duration.seconds(50), originTimeoutQuotas: { keepaliveTimeoutSeconds: 40 } })).toThrow(/originKeepaliveTimeout is 50 s, above the CloudFront quota "Keep-alive timeout per origin" of 40 s: .*Allowed: 1–40 s/);
    });
  });

  it('serves custom domain names with a us-east-1 certificate, TLSv1.2_2021 and SNI, behind a WAF web ACL', () => {
    const f = fixture();
    const webAclId = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/gms/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
    const { template } = edge(f, {
      domainNames: ['gms.example.com'],
      certificate: acm.Certificate.fromCertificateArn(f.stack, 'Cert', GLOBAL_CERT_ARN),
      webAclId,
    });
    expect(distributionConfig(template)).toMatchObject({
      Aliases: ['gms.example.com'],
      ViewerCertificate: { AcmCertificateArn: GLOBAL_CERT_ARN, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      WebACLId: webAclId,
    });
  });

  describe('with edgeRuntime lambda-edge in a us-east-1 stack', () => {
    const f = fixture({ env: { region: 'us-east-1' } });
    const { construct, template } = edge(f, { edgeRuntime: 'lambda-edge', loadBalancerProps: { cloudFrontPrefixListId: PREFIX_LIST_ID } });
    const config = distributionConfig(template);

    it('rewrites cookies on origin-response with the Lambda@Edge function holding exactly the engine\'s handler, and creates no CloudFront Function', () => {
      expect(config.DefaultCacheBehavior.LambdaFunctionAssociations).toEqual([{ EventType: 'origin-response', LambdaFunctionARN: { Ref: expect.stringMatching(/PartitionedCookieEdgeFunction.*CurrentVersion/) } }]);
      expect(config.DefaultCacheBehavior.FunctionAssociations).toBeUndefined();
      template.resourceCountIs('AWS::CloudFront::Function', 0);
      template.hasResourceProperties('AWS::Lambda::Function', { Description: PARTITIONED_COOKIE_EDGE_FUNCTION_DESCRIPTION, Code: { ZipFile: lambdaEdgeHandlerCode() } });
      expect(construct.partitionedCookieEdgeFunction?.code).toBe(lambdaEdgeHandlerCode());
    });
  });

  describe('CloudFront standard logs in regions whose buckets they are not delivered to', () => {
    const regional = (region: string) => fixture({ env: { region } });
    const withPrefixList = { loadBalancerProps: { cloudFrontPrefixListId: PREFIX_LIST_ID } };

    it.each(['af-south-1', 'eu-south-1', 'me-south-1', 'ap-southeast-3', 'mx-central-1'])('fails in %s without existingLogBucket, naming it', (region) => {
      expect(() => edge(regional(region), withPrefixList)).toThrow(new RegExp(`Test/Edge: existingLogBucket is required in ${region}: CloudFront does not deliver standard logs to buckets in ${region}.*pass existingLogBucket: a bucket with ACLs enabled .* for example us-east-1`));
    });

    it('takes an existing log bucket in a region CloudFront delivers to, and adds no rule', () => {
      const f = regional('eu-south-1');
      const bucket = s3.Bucket.fromBucketAttributes(f.stack, 'Logs', { bucketName: 'my-cf-logs', region: 'us-east-1' });
      const { construct, template } = edge(f, { ...withPrefixList, existingLogBucket: bucket });
      expect(construct.logBucket).toBe(bucket);
      expect(gmsRules(template)).toEqual({});
    });

    it('rejects an existing log bucket in such a region', () => {
      const f = regional('eu-west-1');
      const bucket = s3.Bucket.fromBucketAttributes(f.stack, 'Logs', { bucketName: 'my-cf-logs', region: 'il-central-1' });
      expect(() => edge(f, { ...withPrefixList, existingLogBucket: bucket })).toThrow(/existingLogBucket is in il-central-1, where CloudFront does not deliver standard logs/);
    });

    it('adds no rule where the region is known and supported, nor with an existing bucket in an environment-agnostic stack', () => {
      expect(gmsRules(edge(regional('eu-west-1'), withPrefixList).template)).toEqual({});
      const f = fixture();
      expect(gmsRules(edge(f, { existingLogBucket: s3.Bucket.fromBucketName(f.stack, 'Logs', 'my-cf-logs') }).template)).toEqual({});
    });
  });

  it('names the origin request policy with the literal region in a stack with a region', () => {
    const { template } = edge(fixture({ env: { region: 'eu-west-1' } }), { loadBalancerProps: { cloudFrontPrefixListId: PREFIX_LIST_ID } });
    const { Name } = (onlyResourceProperties(template, 'AWS::CloudFront::OriginRequestPolicy').OriginRequestPolicyConfig as { Name: string });
    expect(Name).toMatch(/^Test-Edge-[A-Za-z0-9-]+-eu-west-1$/);
    expect(Name.length).toBeLessThanOrEqual(128);
  });

  it('fails with edgeRuntime lambda-edge in an environment-agnostic stack, asking for an explicit region', () => {
    const f = fixture();
    expect(() => edge(f, { edgeRuntime: 'lambda-edge' })).toThrow(/Test\/Edge: edgeRuntime 'lambda-edge' needs a stack with an explicit region.*env: \{ region: \.\.\. \}/);
  });

  describe('composing with a viewer-response function of yours', () => {
    it('runs your code before the cookie rewrite in one function (precedingViewerResponseCode)', () => {
      const code = 'function handler(event) { event.response.headers["x-gms"] = { value: "1" }; return event.response; }';
      const { template } = edge(fixture(), { precedingViewerResponseCode: code });
      const { FunctionCode } = onlyResourceProperties(template, 'AWS::CloudFront::Function') as { FunctionCode: string };
      expect(FunctionCode).toContain(code);
      expect(FunctionCode).toContain(cloudFrontFunctionCode());
    });

    it('associates your existing function instead of clobbering it, and warns that it must rewrite the cookies itself', () => {
      const f = fixture();
      const mine = cloudfront.Function.fromFunctionAttributes(f.stack, 'Mine', { functionArn: 'arn:aws:cloudfront::123456789012:function/mine', functionName: 'mine' });
      const { template } = edge(f, { existingViewerResponseFunction: mine });
      expect(distributionConfig(template).DefaultCacheBehavior.FunctionAssociations).toEqual([{ EventType: 'viewer-response', FunctionARN: 'arn:aws:cloudfront::123456789012:function/mine' }]);
      template.resourceCountIs('AWS::CloudFront::Function', 0);
      expect(warningsMatching(f.stack, 'existingViewerResponseFunction takes the behavior\'s only viewer-response slot')).toHaveLength(1);
    });

    it('runs your existing function alongside Lambda@Edge without a warning', () => {
      const f = fixture({ env: { region: 'us-east-1' } });
      const mine = cloudfront.Function.fromFunctionAttributes(f.stack, 'Mine', { functionArn: 'arn:aws:cloudfront::123456789012:function/mine', functionName: 'mine' });
      const { template } = edge(f, { edgeRuntime: 'lambda-edge', existingViewerResponseFunction: mine, loadBalancerProps: { cloudFrontPrefixListId: PREFIX_LIST_ID } });
      const behavior = distributionConfig(template).DefaultCacheBehavior;
      expect(behavior.FunctionAssociations).toEqual([{ EventType: 'viewer-response', FunctionARN: 'arn:aws:cloudfront::123456789012:function/mine' }]);
      expect(behavior.LambdaFunctionAssociations).toHaveLength(1);
      expect(warningsMatching(f.stack, 'existingViewerResponseFunction')).toEqual([]);
    });
  });

  it('creates the origin certificate and an alias record to the load balancer in the origin hosted zone', () => {
    const f = fixture();
    const zone = route53.HostedZone.fromHostedZoneAttributes(f.stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    const { construct, template } = edge(f, { originCertificate: undefined, originHostedZone: zone });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: ORIGIN_DOMAIN, ValidationMethod: 'DNS', DomainValidationOptions: [{ DomainName: ORIGIN_DOMAIN, HostedZoneId: 'Z0123456789ABCDEFGHIJ' }] });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: `${ORIGIN_DOMAIN}.`, Type: 'A', HostedZoneId: 'Z0123456789ABCDEFGHIJ', AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }) });
    expect(construct.originAliasRecord).toBeDefined();
  });

  describe('warns where a value is legal but risky', () => {
    it('a read timeout not above CometD\'s 30 s long-poll hold', () => {
      const f = fixture();
      edge(f, { originReadTimeout: Duration.seconds(30) });
      expect(warningsMatching(f.stack, 'originReadTimeout is 30 s, not above CometD\'s long-poll hold of 30 s')).toHaveLength(1);
    });
    it('nothing about a read timeout above 60 s (the default quota is 120 s), and the idle timeout follows it', () => {
      const f = fixture();
      const { template } = edge(f, { originReadTimeout: Duration.seconds(120) });
      expect(warningsMatching(f.stack, 'Response timeout per origin')).toHaveLength(0);
      expect(loadBalancerIdleTimeout(template)).toBe('120');
    });
    it('a cookie policy that leaves the stickiness cookies unpartitioned', () => {
      const f = fixture();
      edge(f, { cookiePolicy: { cookieNames: ['BAYEUX_BROWSER'] } });
      expect(warningsMatching(f.stack, 'does not rewrite AWSALB, AWSALBCORS, the stickiness cookie(s) of node group aws')).toHaveLength(1);
    });
    it('an application stickiness cookie the policy leaves out', () => {
      const f = fixture();
      const groups = twoNodeGroups(f);
      edge(f, { cookiePolicy: { cookieNames: ['AWSALB*'] }, nodeGroups: [{ ...groups[0], stickiness: GmsStickiness.applicationCookie('GMSAFFINITY') }, groups[1]] });
      expect(warningsMatching(f.stack, 'does not rewrite GMSAFFINITY')).toHaveLength(1);
    });
    it('more origin request headers than the default quota of 10', () => {
      const f = fixture();
      edge(f, { additionalOriginRequestHeaders: ['User-Agent', 'Accept', 'Accept-Language'] });
      expect(warningsMatching(f.stack, 'brings the origin request policy to 11 headers')).toHaveLength(1);
    });
  });

  describe('rejects, naming the property and the allowed values,', () => {
    const cases: Array<[string, (f: Fixture) => Partial<GmsEdgeProps>, RegExp]> = [
      ['an unknown edge runtime', () => ({ edgeRuntime: 'lambda' as never }), /edgeRuntime must be 'cloudfront-function' or 'lambda-edge'; got "lambda"/],
      ['a distribution certificate outside us-east-1', (f) => ({ domainNames: ['gms.example.com'], certificate: acm.Certificate.fromCertificateArn(f.stack, 'C', GLOBAL_CERT_ARN.replace('us-east-1', 'eu-west-1')) }), /certificate must be an ACM certificate in us-east-1 .* got one in eu-west-1/],
      ['domain names without a certificate', () => ({ domainNames: ['gms.example.com'] }), /certificate is required with domainNames/],
      ['a certificate without domain names', (f) => ({ certificate: acm.Certificate.fromCertificateArn(f.stack, 'C', GLOBAL_CERT_ARN) }), /domainNames must list the names the certificate is for/],
      ['a malformed domain name', () => ({ domainNames: ['gms_example'], certificate: undefined }), /domainNames\[0\] must be a fully qualified DNS name/],
      ['a malformed origin domain name', () => ({ originDomainName: 'https://gms-origin.example.com' }), /originDomainName must be a fully qualified DNS name/],
      ['no origin certificate and no hosted zone', () => ({ originCertificate: undefined }), /originCertificate is required: a regional ACM certificate covering originDomainName/],
      ['a hosted zone that does not contain the origin name', (f) => ({ originHostedZone: route53.HostedZone.fromHostedZoneAttributes(f.stack, 'Z', { hostedZoneId: 'Z1', zoneName: 'example.org' }) }), /originHostedZone example\.org does not contain originDomainName/],
      ['a read timeout below 1 s', () => ({ originReadTimeout: Duration.millis(500) }), /originReadTimeout must be a whole number of seconds between 1 and 86400; got 500 ms/],
      ['a keepalive above the default quota of 300 s', () => ({ originKeepaliveTimeout: Duration.seconds(301), loadBalancerProps: { cloudFrontPrefixListId: PREFIX_LIST_ID, idleTimeout: Duration.seconds(400) } }), /originKeepaliveTimeout is 301 s, above the CloudFront quota "Keep-alive timeout per origin" of 300 s/],
      ['security headers with preload but no includeSubDomains', () => ({ securityHeaders: { hstsPreload: true } }), /securityHeaders is invalid: securityHeaders\.hstsPreload needs hstsIncludeSubDomains: true/],
      ['a frame ancestor that is not an origin', () => ({ securityHeaders: { frameAncestors: ['www.example.com/path'] } }), /securityHeaders\.frameAncestors\[0\] must be 'self', 'none' or an origin/],
      ['security headers with an existing policy', (f) => ({ securityHeaders: {}, existingResponseHeadersPolicy: cloudfront.ResponseHeadersPolicy.fromResponseHeadersPolicyId(f.stack, 'P', 'p') }), /securityHeaders configures the response headers policy this construct creates; it conflicts with existingResponseHeadersPolicy/],
      ['a keepalive not shorter than the load balancer idle timeout', () => ({ originKeepaliveTimeout: Duration.seconds(60) }), /originKeepaliveTimeout must be shorter than the load balancer idle timeout \(60 s\)/],
      ['a load balancer idle timeout below the read timeout', () => ({ originReadTimeout: Duration.seconds(90), loadBalancerProps: { idleTimeout: Duration.seconds(60) } }), /loadBalancerProps\.idleTimeout must be at least originReadTimeout \(90 s\)/],
      ['a web ACL that is not a CloudFront-scope WAFv2 ARN', () => ({ webAclId: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/y' }), /webAclId must be the ARN of a WAFv2 web ACL with scope CLOUDFRONT/],
      ['preceding code together with an existing function', (f) => ({ precedingViewerResponseCode: 'function handler(e){return e.response}', existingViewerResponseFunction: cloudfront.Function.fromFunctionAttributes(f.stack, 'M', { functionArn: 'arn:aws:cloudfront::1:function/m', functionName: 'm' }) }), /precedingViewerResponseCode conflicts with existingViewerResponseFunction/],
      ['preceding code with Lambda@Edge', () => ({ edgeRuntime: 'lambda-edge', precedingViewerResponseCode: 'function handler(e){return e.response}' }), /precedingViewerResponseCode composes with the partitioned-cookie CloudFront Function, which edgeRuntime 'lambda-edge' does not create/],
      ['forwarding Authorization', () => ({ additionalOriginRequestHeaders: ['Authorization'] }), /additionalOriginRequestHeaders\[0\] cannot be Authorization/],
      ['forwarding Host', () => ({ additionalOriginRequestHeaders: ['Host'] }), /additionalOriginRequestHeaders\[0\] cannot be Host/],
      ['a header already forwarded', () => ({ additionalOriginRequestHeaders: ['origin'] }), /additionalOriginRequestHeaders\[0\] repeats origin, already forwarded/],
      ['a log retention with an existing log bucket', (f) => ({ existingLogBucket: s3.Bucket.fromBucketName(f.stack, 'L', 'my-cf-logs'), logRetention: Duration.days(30) }), /logRetention applies only to the bucket this construct creates/],
      ['an invalid cookie policy', () => ({ cookiePolicy: { excludeCookieNames: ['A'], cookieNames: ['A'] } }), /cookiePolicy is invalid: CookiePolicy: excludeCookieNames entry "A" excludes cookieNames entry "A"/],
    ];
    it.each(cases)('%s', (_title, props, message) => {
      const f = fixture({ env: { region: 'us-east-1' } });
      expect(() => edge(f, { loadBalancerProps: { cloudFrontPrefixListId: PREFIX_LIST_ID }, ...props(f) })).toThrow(message);
    });
  });
});
