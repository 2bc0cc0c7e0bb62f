import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { CLOUDFRONT_ORIGIN_SSL_POLICIES, GmsLoadBalancer, GmsLoadBalancerProps, GmsNodeTargets } from '../../lib/aws';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Fixture, PREFIX_LIST_ID, fixture, twoNodeGroups, warningsMatching } from './support';

const THIS_ACCOUNT = '111122223333';

/** Every value of an intrinsic function anywhere in a template. */
function findAll(node: unknown, fn: string): unknown[] {
  if (Array.isArray(node)) {
    return node.flatMap((item) => findAll(item, fn));
  }
  if (node !== null && typeof node === 'object') {
    return Object.entries(node).flatMap(([key, value]) => (key === fn ? [value, ...findAll(value, fn)] : findAll(value, fn)));
  }
  return [];
}

/** Evaluates the intrinsics of a value as CloudFormation would in a region (account THIS_ACCOUNT, partition aws). */
function evaluate(value: unknown, mappings: Record<string, Record<string, Record<string, string>>>, region: string): string {
  if (typeof value === 'string') {
    return value;
  }
  const [[fn, args]] = Object.entries(value as Record<string, unknown>);
  if (fn === 'Ref') {
    const pseudo: Record<string, string> = { 'AWS::Region': region, 'AWS::Partition': 'aws', 'AWS::AccountId': THIS_ACCOUNT };
    if (pseudo[args as string] === undefined) throw new Error(`cannot evaluate Ref ${String(args)}`);
    return pseudo[args as string];
  }
  if (fn === 'Fn::Join') {
    const [separator, parts] = args as [string, unknown[]];
    return parts.map((part) => evaluate(part, mappings, region)).join(separator);
  }
  if (fn === 'Fn::FindInMap') {
    const [name, top, second, options] = args as [string, unknown, unknown, { DefaultValue?: unknown } | undefined];
    const found = mappings[name]?.[evaluate(top, mappings, region)]?.[evaluate(second, mappings, region)];
    if (found !== undefined) return found;
    if (options?.DefaultValue === undefined) throw new Error(`Fn::FindInMap fails in ${region}: no key and no DefaultValue`);
    return evaluate(options.DefaultValue, mappings, region);
  }
  throw new Error(`cannot evaluate ${fn}`);
}

function loadBalancer(f: Fixture, props: Partial<GmsLoadBalancerProps> = {}) {
  const construct = new GmsLoadBalancer(f.stack, 'Alb', {
    vpc: f.vpc,
    certificate: f.originCertificate,
    nodeGroups: twoNodeGroups(f),
    ...props,
  });
  return { construct, template: Template.fromStack(f.stack) };
}

function loadBalancerAttributes(template: Template): Record<string, string> {
  const [resource] = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
  return Object.fromEntries((resource.Properties.LoadBalancerAttributes as Array<{ Key: string; Value: string }>).map((a) => [a.Key, a.Value]));
}

const SECRET_REFERENCE = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: Match.stringLikeRegexp('OriginVerifySecret') }, ':SecretString:::}}']] };

describe('GmsLoadBalancer', () => {
  describe('in an environment-agnostic stack with two node groups', () => {
    const f = fixture();
    const { construct, template } = loadBalancer(f);

    it('is internet-facing in the public subnets, HTTP/2, dropping invalid header fields, with defensive desync mitigation and a 60 s idle timeout', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing', Type: 'application' });
      expect(loadBalancerAttributes(template)).toMatchObject({
        'routing.http2.enabled': 'true',
        'routing.http.drop_invalid_header_fields.enabled': 'true',
        'routing.http.desync_mitigation_mode': 'defensive',
        'idle_timeout.timeout_seconds': '60',
        'deletion_protection.enabled': 'false',
      });
    });

    it('has one listener, HTTPS on 443 with the regional certificate and the TLS 1.3 policy, answering 403 by default', () => {
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Port: 443,
        Protocol: 'HTTPS',
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        Certificates: [{ CertificateArn: f.originCertificate.certificateArn }],
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '403', ContentType: 'text/plain', MessageBody: 'Forbidden' } }],
      });
    });

    it('forwards only requests carrying the secret header: path groups first, the default group last (priorities 49999-50000) and only for the chat paths', () => {
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 3);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
        Priority: 10,
        Conditions: [
          { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Origin-Verify', Values: [SECRET_REFERENCE] } },
          { Field: 'path-pattern', PathPatternConfig: { Values: ['/genesys/2/chat/onprem*'] } },
        ],
        Actions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('NodeGrouponprem') } }],
      });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
        Priority: 49999,
        Conditions: [
          { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Origin-Verify', Values: [SECRET_REFERENCE] } },
          { Field: 'path-pattern', PathPatternConfig: { Values: ['/genesys/cometd', '/genesys/cometd/*', '/genesys/2/chat/*', '/genesys/2/chat-ntf'] } },
        ],
        Actions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('NodeGroupaws') } }],
      });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
        Priority: 50000,
        Conditions: [
          { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Origin-Verify', Values: [SECRET_REFERENCE] } },
          { Field: 'path-pattern', PathPatternConfig: { Values: ['/genesys/2/chat-ntf/*'] } },
        ],
        Actions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('NodeGroupaws') } }],
      });
      expect(construct.listenerRules.map((rule) => (rule.node.defaultChild as elbv2.CfnListenerRule).priority)).toEqual([10, 49999, 50000]);
      expect(construct.defaultNodeGroup.groupName).toBe('aws');
    });

    it('generates the secret (48 characters, no punctuation: ALB header conditions treat * and ? as wildcards) and never writes its value in the template', () => {
      const secrets = Object.values(template.findResources('AWS::SecretsManager::Secret'));
      expect(secrets).toHaveLength(1);
      expect(secrets[0].Properties.GenerateSecretString).toEqual({ PasswordLength: 48, ExcludePunctuation: true, IncludeSpace: false });
      // No literal value anywhere: the secret has no SecretString and the template never carries one.
      expect(secrets[0].Properties.SecretString).toBeUndefined();
      expect(JSON.stringify(template.toJSON())).not.toMatch(/"SecretString"/);
      // Every rule checks the header against the dynamic reference, resolved by CloudFormation at deploy time.
      const headerConditions = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule'))
        .flatMap((rule) => rule.Properties.Conditions as Array<{ Field: string; HttpHeaderConfig?: { HttpHeaderName: string; Values: unknown[] } }>)
        .filter((condition) => condition.Field === 'http-header');
      expect(headerConditions).toHaveLength(3);
      for (const condition of headerConditions) {
        expect(condition.HttpHeaderConfig?.HttpHeaderName).toBe('X-Origin-Verify');
        expect(condition.HttpHeaderConfig?.Values).toEqual([expect.anything()]);
        expect(condition.HttpHeaderConfig?.Values[0]).toEqual({ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: expect.stringMatching(/OriginVerifySecret/) }, ':SecretString:::}}']] });
      }
      expect(construct.originVerifyHeaderName).toBe('X-Origin-Verify');
    });

    it('admits HTTPS only from CloudFront\'s origin-facing prefix list, looked up at deploy time in the stack\'s region', () => {
      const [securityGroup] = Object.values(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^GMS load balancer') } }));
      expect(securityGroup.Properties.SecurityGroupIngress).toBeUndefined();
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
        SourcePrefixListId: { 'Fn::GetAtt': [Match.stringLikeRegexp('CloudFrontOriginFacingLookup'), 'PrefixLists.0.PrefixListId'] },
      });
      const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
      expect(ingress.filter((rule) => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0')).toEqual([]);
      const call = Match.serializedJson(Match.objectLike({
        service: 'EC2',
        action: 'DescribeManagedPrefixLists',
        parameters: { Filters: [{ Name: 'prefix-list-name', Values: ['com.amazonaws.global.cloudfront.origin-facing'] }] },
        outputPaths: ['PrefixLists.0.PrefixListId'],
      }));
      template.hasResourceProperties('Custom::AWS', { Create: call, Update: call });
    });

    it('lets the load balancer out to the node ports only (no allow-all egress)', () => {
      const [securityGroup] = Object.values(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^GMS load balancer') } }));
      const egress = securityGroup.Properties.SecurityGroupEgress as Array<Record<string, unknown>>;
      expect(egress.map((rule) => [rule.CidrIp, rule.FromPort, rule.ToPort])).toEqual([
        ['192.168.10.11/32', 8080, 8080],
        ['192.168.10.12/32', 8080, 8080],
      ]);
      template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { FromPort: 8080, ToPort: 8080, DestinationSecurityGroupId: Match.anyValue() });
    });

    it('writes access logs to an SSE-S3, TLS-only, private bucket whose logs expire after 90 days', () => {
      expect(loadBalancerAttributes(template)).toMatchObject({ 'access_logs.s3.enabled': 'true', 'access_logs.s3.prefix': 'alb' });
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })] },
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });

    it('grants log delivery without knowing the region, in every region aws-cdk-lib knows: the regional ELB account where one exists, else this account (a no-op) beside the log delivery service', () => {
      const json = template.toJSON();
      const mapping = json.Mappings.GmsElbLogDeliveryAccounts as Record<string, { account: string }>;
      expect(mapping['eu-west-1']).toEqual({ account: '156460612806' });
      expect(mapping['us-east-1']).toEqual({ account: '127311923021' });
      // A DefaultValue needs the AWS::LanguageExtensions transform.
      expect(([] as string[]).concat(json.Transform ?? [])).toContain('AWS::LanguageExtensions');
      // Every Fn::FindInMap keyed by the region has a DefaultValue or a key for every region, so none fails the deployment.
      const lookups = findAll(json, 'Fn::FindInMap') as unknown[][];
      expect(lookups.length).toBeGreaterThan(0);
      for (const lookup of lookups) {
        const keys = Object.keys(json.Mappings[lookup[0] as string]);
        const missing = RegionInfo.regions.map((r) => r.name).filter((region) => !keys.includes(region));
        expect(missing.length === 0 || (lookup.length === 4 && (lookup[3] as Record<string, unknown>).DefaultValue !== undefined)).toBe(true);
      }
      const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((r) => JSON.stringify(r).includes('AlbLogDeliveryRegionalAccount'))!;
      const statements = policy.Properties.PolicyDocument.Statement as Array<{ Sid?: string; Action: string; Principal: { AWS?: unknown; Service?: string } }>;
      const regional = statements.find((st) => st.Sid === 'AlbLogDeliveryRegionalAccount')!;
      expect(regional.Action).toBe('s3:PutObject');
      for (const { name: region } of RegionInfo.regions) {
        const expected = RegionInfo.get(region).elbv2Account ?? THIS_ACCOUNT;
        expect([region, evaluate(regional.Principal.AWS, json.Mappings, region)]).toEqual([region, `arn:aws:iam::${expected}:root`]);
      }
      expect(statements).toEqual(expect.arrayContaining([expect.objectContaining({ Sid: 'AlbLogDeliveryService', Action: 's3:PutObject', Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' } })]));
    });
  });

  describe('rotating the origin secret: CloudFormation re-reads a dynamic reference only when its text changes', () => {
    const OLD = 'a1b2c3d4-0000-4000-8000-000000000001';
    const NEW = 'a1b2c3d4-0000-4000-8000-000000000002';
    const versioned = (versionId: string) => ({ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: expect.stringMatching(/^AlbOriginVerifySecret/) }, `:SecretString:::${versionId}}}`]] });
    const headerValues = (template: Template) => Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule')).map((rule) =>
      (rule.Properties.Conditions as Array<{ Field: string; HttpHeaderConfig?: { Values: unknown[] } }>).find((condition) => condition.Field === 'http-header')?.HttpHeaderConfig?.Values);

    it('step 1: CloudFront sends the new version while every listener rule accepts the new and the old one', () => {
      const f = fixture();
      const { construct, template } = loadBalancer(f, { cloudFrontPrefixListId: PREFIX_LIST_ID, originVerifySecretVersionId: NEW, acceptedOriginVerifySecretVersionIds: [OLD] });
      expect(f.stack.resolve(construct.originVerifyHeaderValue)).toEqual(versioned(NEW));
      const values = headerValues(template);
      // Every listener rule (the exposed chat paths of the default group and the other group's) checks the header.
      expect(values.length).toBe(Object.keys(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule')).length);
      expect(values.length).toBeGreaterThanOrEqual(2);
      // The two secret values count toward the ALB quota of 5 condition values per rule.
      for (const rule of Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule'))) {
        const conditions = rule.Properties.Conditions as Array<{ HttpHeaderConfig?: { Values: unknown[] }; PathPatternConfig?: { Values: unknown[] }; Values?: unknown[] }>;
        const count = conditions.reduce((total, condition) => total + (condition.HttpHeaderConfig?.Values ?? condition.PathPatternConfig?.Values ?? condition.Values ?? []).length, 0);
        expect(count).toBeLessThanOrEqual(5);
      }
      for (const ruleValues of values) {
        expect(ruleValues).toEqual([versioned(NEW), versioned(OLD)]);
      }
    });
    it('step 2: only the new version is accepted once CloudFront has deployed it', () => {
      const f = fixture();
      const { construct, template } = loadBalancer(f, { cloudFrontPrefixListId: PREFIX_LIST_ID, originVerifySecretVersionId: NEW });
      expect(f.stack.resolve(construct.originVerifyHeaderValue)).toEqual(versioned(NEW));
      for (const ruleValues of headerValues(template)) {
        expect(ruleValues).toEqual([versioned(NEW)]);
      }
    });
    it('without a version, reads AWSCURRENT (text that never changes: rotation needs a version)', () => {
      const f = fixture();
      const { template } = loadBalancer(f, { cloudFrontPrefixListId: PREFIX_LIST_ID });
      for (const ruleValues of headerValues(template)) {
        expect(ruleValues).toEqual([versioned('')]);
      }
    });
    it('rejects accepted versions without a pinned one, malformed ids, and more condition values than a rule takes', () => {
      expect(() => loadBalancer(fixture(), { acceptedOriginVerifySecretVersionIds: [OLD] })).toThrow(/Test\/Alb: acceptedOriginVerifySecretVersionIds needs originVerifySecretVersionId/);
      expect(() => loadBalancer(fixture(), { originVerifySecretVersionId: 'v2' })).toThrow(/originVerifySecretVersionId must be a Secrets Manager VersionId .*got "v2"/);
      expect(() => loadBalancer(fixture(), { originVerifySecretVersionId: NEW, acceptedOriginVerifySecretVersionIds: [NEW] })).toThrow(/acceptedOriginVerifySecretVersionIds\[0\] repeats version/);
      const f = fixture();
      const groups = twoNodeGroups(f);
      expect(() => loadBalancer(f, {
        originVerifySecretVersionId: NEW, acceptedOriginVerifySecretVersionIds: [OLD],
        nodeGroups: [groups[0], { ...groups[1], pathPatterns: ['/a', '/b', '/c', '/d'] }],
      })).toThrow(/nodeGroups\[1\]\.pathPatterns has 4 patterns, and the rule of node group onprem also accepts 2 origin secret values: at most 5 condition values per listener rule/);
    });
  });

  it('keeps the stack-wide ELB account mapping for an earlier load balancer when a later one brings an imported bucket (environment-agnostic)', () => {
    const f = fixture();
    new GmsLoadBalancer(f.stack, 'First', { vpc: f.vpc, certificate: f.originCertificate, nodeGroups: twoNodeGroups(f), cloudFrontPrefixListId: PREFIX_LIST_ID });
    new GmsLoadBalancer(f.stack, 'Second', {
      vpc: f.vpc, certificate: f.originCertificate, cloudFrontPrefixListId: PREFIX_LIST_ID,
      nodeGroups: [{ name: 'aws', targets: GmsNodeTargets.fromAutoScalingGroup(f.autoScalingGroup) }],
      existingAccessLogsBucket: s3.Bucket.fromBucketName(f.stack, 'Imported', 'my-alb-logs'),
    });
    const json = Template.fromStack(f.stack).toJSON();
    const used = findAll(json.Resources, 'Fn::FindInMap').map((args) => (args as unknown[])[0]);
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) {
      expect(json.Mappings?.[name as string]).toBeDefined();
    }
  });

  it('uses a prefix list id given as a property and creates no lookup', () => {
    const f = fixture();
    const { template } = loadBalancer(f, { cloudFrontPrefixListId: PREFIX_LIST_ID });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { SourcePrefixListId: PREFIX_LIST_ID, FromPort: 443, ToPort: 443 });
    template.resourceCountIs('Custom::AWS', 0);
  });

  it('looks the prefix list up at synth time when the environment is concrete', () => {
    const f = fixture({ env: { account: '123456789012', region: 'eu-west-1' } }, {
      'cc-api-provider:account=123456789012:expectedMatchCount=exactly-one:propertiesToReturn.0=PrefixListId:propertyMatch.PrefixListName=com.amazonaws.global.cloudfront.origin-facing:region=eu-west-1:typeName=AWS$:$:EC2$:$:PrefixList':
        [{ PrefixListId: PREFIX_LIST_ID }],
    });
    const { template } = loadBalancer(f);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { SourcePrefixListId: PREFIX_LIST_ID });
    template.resourceCountIs('Custom::AWS', 0);
    // aws-cdk-lib's own grant applies with a concrete region.
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::156460612806:root']] } } })]) },
    });
  });

  it('takes an existing secret, bucket, TLS policy, idle timeout and deletion protection', () => {
    const f = fixture();
    const secret = secretsmanager.Secret.fromSecretNameV2(f.stack, 'Mine', 'gms/origin-verify');
    const bucket = s3.Bucket.fromBucketName(f.stack, 'Logs', 'my-alb-logs');
    const { construct, template } = loadBalancer(f, {
      existingOriginVerifySecret: secret,
      existingAccessLogsBucket: bucket,
      originVerifyHeaderName: 'X-Gms-Edge',
      sslPolicy: elbv2.SslPolicy.TLS13_12_PQ,
      idleTimeout: Duration.seconds(120),
      deletionProtection: true,
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(construct.accessLogsBucket).toBe(bucket);
    // The imported bucket's policy cannot be extended here: no unused mapping, and a warning instead.
    expect(template.toJSON().Mappings).toBeUndefined();
    expect(warningsMatching(f.stack, 'existingAccessLogsBucket is imported')).toHaveLength(1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: Match.arrayWith([{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Gms-Edge', Values: [{ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^\\{\\{resolve:secretsmanager:arn:')])] }] } }]),
    });
    expect(loadBalancerAttributes(template)).toMatchObject({ 'idle_timeout.timeout_seconds': '120', 'deletion_protection.enabled': 'true', 'access_logs.s3.bucket': 'my-alb-logs' });
  });

  describe('takes a listener TLS policy only if it accepts TLS 1.2 (CloudFront\'s highest towards origins) and refuses TLS 1.0 and 1.1', () => {
    const allPolicies = Object.values(elbv2.SslPolicy);
    /** The lowest protocol is in the policy name: TLS13-1-2, TLS-1-2 and FS-1-2 start at TLS 1.2. */
    const startsAtTls12 = (policy: string) => /^ELBSecurityPolicy-(TLS13-1-2|TLS-1-2|FS-1-2)-/.test(policy);

    it('allows exactly the policies whose lowest protocol is TLS 1.2', () => {
      expect([...CLOUDFRONT_ORIGIN_SSL_POLICIES].sort()).toEqual(allPolicies.filter(startsAtTls12).sort());
      expect(CLOUDFRONT_ORIGIN_SSL_POLICIES).toContain(elbv2.SslPolicy.RECOMMENDED_TLS);
    });

    it.each(allPolicies.filter((policy) => !startsAtTls12(policy)))('rejects %s, naming sslPolicy and the allowed values', (policy) => {
      expect(() => loadBalancer(fixture(), { sslPolicy: policy, cloudFrontPrefixListId: PREFIX_LIST_ID }))
        .toThrow(new RegExp(`Alb: sslPolicy must accept TLS 1\\.2 .* and refuse TLS 1\\.0 and 1\\.1; got "${policy}"\\. Allowed: ELBSecurityPolicy-TLS13-1-2-2021-06, `));
    });

    it('rejects the TLS 1.3-only policy (a 502 for every request through CloudFront) and the legacy TLS 1.0 policy', () => {
      expect(() => loadBalancer(fixture(), { sslPolicy: elbv2.SslPolicy.TLS13_13 })).toThrow(/sslPolicy must accept TLS 1\.2 .*502.*got "ELBSecurityPolicy-TLS13-1-3-2021-06"/);
      expect(() => loadBalancer(fixture(), { sslPolicy: elbv2.SslPolicy.RECOMMENDED })).toThrow(/sslPolicy .* refuse TLS 1\.0 and 1\.1; got "ELBSecurityPolicy-2016-08"/);
    });
  });

  it('numbers path rules 10, 20… skipping priorities given explicitly', () => {
    const f = fixture();
    const ip = (address: string) => GmsNodeTargets.fromIpAddresses([address]);
    const { construct } = loadBalancer(f, {
      nodeGroups: [
        { name: 'a', targets: ip('10.0.0.1'), pathPatterns: ['/a*'] },
        { name: 'b', targets: ip('10.0.0.2'), pathPatterns: ['/b*'], priority: 20 },
        { name: 'c', targets: ip('10.0.0.3'), pathPatterns: ['/c*'] },
        { name: 'd', targets: GmsNodeTargets.fromAutoScalingGroup(f.autoScalingGroup) },
      ],
    });
    expect(construct.listenerRules.map((rule) => [rule.node.id, (rule.node.defaultChild as elbv2.CfnListenerRule).priority])).toEqual([
      ['Rule-a', 10], ['Rule-b', 20], ['Rule-c', 30], ['RuleDefault2', 49999], ['RuleDefault', 50000],
    ]);
  });

  describe('rejects, naming the property and the allowed values,', () => {
    const asg = (f: Fixture) => GmsNodeTargets.fromAutoScalingGroup(f.autoScalingGroup);
    const ip = (address: string) => GmsNodeTargets.fromIpAddresses([address]);
    const cases: Array<[string, (f: Fixture) => Partial<GmsLoadBalancerProps>, RegExp]> = [
      ['no node groups', () => ({ nodeGroups: [] }), /Alb: nodeGroups must list at least one GMS node group/],
      ['no default group', () => ({ nodeGroups: [{ name: 'a', targets: ip('10.0.0.1'), pathPatterns: ['/a'] }] }), /nodeGroups must have exactly one default group .* none is/],
      ['two default groups', (f) => ({ nodeGroups: [{ name: 'a', targets: asg(f) }, { name: 'b', targets: ip('10.0.0.1') }] }), /nodeGroups must have exactly one default group; a and b both are/],
      ['two groups with one name', (f) => ({ nodeGroups: [{ name: 'a', targets: asg(f) }, { name: 'A', targets: ip('10.0.0.1'), pathPatterns: ['/x'] }] }), /nodeGroups\[1\]\.name A is already the name of nodeGroups\[0\]/],
      ['one path in two groups', (f) => ({ nodeGroups: [{ name: 'a', targets: asg(f) }, { name: 'b', targets: ip('10.0.0.1'), pathPatterns: ['/x'] }, { name: 'c', targets: ip('10.0.0.2'), pathPatterns: ['/x'] }] }), /nodeGroups\[2\]\.pathPatterns repeats \/x, already served by node group b/],
      ['one priority in two groups', (f) => ({ nodeGroups: [{ name: 'a', targets: asg(f) }, { name: 'b', targets: ip('10.0.0.1'), pathPatterns: ['/x'], priority: 5 }, { name: 'c', targets: ip('10.0.0.2'), pathPatterns: ['/y'], priority: 5 }] }), /nodeGroups\[2\]\.priority 5 is already the priority of node group b/],
      ['a certificate from another region', (f) => ({ certificate: acm.Certificate.fromCertificateArn(f.stack, 'Other', 'arn:aws:acm:us-west-2:123456789012:certificate/abc') }), /certificate must be an ACM certificate in the load balancer's region eu-west-1; got one in us-west-2/],
      ['an idle timeout not above the long-poll hold', () => ({ idleTimeout: Duration.seconds(30) }), /idleTimeout must be longer than the CometD long-poll hold \(30 s\).*got 30 s/],
      ['an idle timeout above 4000 s', () => ({ idleTimeout: Duration.seconds(4001) }), /idleTimeout must be between 1 and 4000 seconds/],
      ['an origin header CloudFront cannot add', () => ({ originVerifyHeaderName: 'X-Amz-Secret' }), /originVerifyHeaderName must be a header CloudFront can add/],
      ['an origin header name that is not a token', () => ({ originVerifyHeaderName: 'X Origin' }), /originVerifyHeaderName must be an HTTP header name/],
      ['a malformed prefix list id', () => ({ cloudFrontPrefixListId: 'cloudfront' }), /cloudFrontPrefixListId must be a managed prefix list id such as pl-3b927c52/],
      ['an access log prefix with AWSLogs', () => ({ accessLogsPrefix: 'x/AWSLogs' }), /accessLogsPrefix must not start or end with \/ nor contain AWSLogs/],
      ['a log retention with an existing bucket', (f) => ({ existingAccessLogsBucket: s3.Bucket.fromBucketName(f.stack, 'B', 'my-logs'), accessLogsRetention: Duration.days(10) }), /accessLogsRetention applies only to the bucket this construct creates; it conflicts with existingAccessLogsBucket/],
      ['a load balancer name over 32 characters', () => ({ loadBalancerName: 'x'.repeat(33) }), /loadBalancerName must be 1–32 letters/],
    ];
    it.each(cases)('%s', (_title, props, message) => {
      const f = fixture({ env: { region: 'eu-west-1' } });
      expect(() => new GmsLoadBalancer(f.stack, 'Alb', {
        vpc: f.vpc, certificate: f.originCertificate, nodeGroups: twoNodeGroups(f), cloudFrontPrefixListId: PREFIX_LIST_ID, ...props(f),
      })).toThrow(message);
    });
  });
});
