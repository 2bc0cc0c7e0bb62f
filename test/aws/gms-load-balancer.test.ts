import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { GmsLoadBalancer, GmsLoadBalancerProps, GmsNodeGroupOptions, GmsNodeTargets } from '../../lib/aws';
import { Fixture, PREFIX_LIST_ID, fixture, twoNodeGroups, warningsMatching } from './support';

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

    it('forwards only requests carrying the secret header: path groups first, the default group last (priority 50000)', () => {
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 2);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
        Priority: 10,
        Conditions: [
          { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Origin-Verify', Values: [SECRET_REFERENCE] } },
          { Field: 'path-pattern', PathPatternConfig: { Values: ['/genesys/2/chat/onprem*'] } },
        ],
        Actions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('NodeGrouponprem') } }],
      });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
        Priority: 50000,
        Conditions: [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Origin-Verify', Values: [SECRET_REFERENCE] } }],
        Actions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('NodeGroupaws') } }],
      });
      expect(construct.listenerRules.map((rule) => (rule.node.defaultChild as elbv2.CfnListenerRule).priority)).toEqual([10, 50000]);
      expect(construct.defaultNodeGroup.groupName).toBe('aws');
    });

    it('generates the secret (48 characters, no punctuation: ALB header conditions treat * and ? as wildcards) and never writes its value in the template', () => {
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true, IncludeSpace: false },
      });
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

    it('grants log delivery without knowing the region: the regional ELB account from a mapping where one exists, the log delivery service elsewhere', () => {
      const mapping = template.toJSON().Mappings.GmsElbLogDeliveryAccounts;
      expect(mapping['eu-west-1']).toEqual({ account: '156460612806' });
      expect(mapping['us-east-1']).toEqual({ account: '127311923021' });
      expect(template.toJSON().Conditions.GmsElbLogDeliveryFromAccount).toBeDefined();
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Sid: 'AlbLogDeliveryRegionalAccount', Action: 's3:PutObject', Principal: { AWS: { 'Fn::If': ['GmsElbLogDeliveryFromAccount', Match.anyValue(), Match.anyValue()] } } }),
            Match.objectLike({ Sid: 'AlbLogDeliveryService', Action: 's3:PutObject', Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' } }),
          ]),
        },
      });
    });
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
      ['Rule-a', 10], ['Rule-b', 20], ['Rule-c', 30], ['RuleDefault', 50000],
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
        vpc: f.vpc, certificate: f.originCertificate, nodeGroups: twoNodeGroups(f) as GmsNodeGroupOptions[], cloudFrontPrefixListId: PREFIX_LIST_ID, ...props(f),
      })).toThrow(message);
    });
  });
});
