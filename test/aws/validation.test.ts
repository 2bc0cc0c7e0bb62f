/**
 * Issue #11 on AWS: no bad input synthesizes into something wrong. Every case below synthesized
 * silently (or failed with aws-cdk-lib's own wording, naming none of our properties) before; now
 * each fails the synth naming the construct and the property, or warns with a stable id where the
 * input is legal but likely wrong. A few legal inputs close to them must stay silent.
 */
import { CfnParameter, Duration, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { GmsEdge, GmsEdgeProps, GmsHealthCheck, GmsLoadBalancer, GmsLoadBalancerProps, GmsNodeGroup, GmsNodeGroupOptions, GmsNodeTargets, PartitionedCookieFunction } from '../../lib/aws';
import { Fixture, GLOBAL_CERT_ARN, ORIGIN_DOMAIN, PREFIX_LIST_ID, fixture, twoNodeGroups } from './support';

const ENV = { account: '123456789012', region: 'eu-west-1' };

function edge(f: Fixture, props: Partial<GmsEdgeProps> = {}): GmsEdge {
  return new GmsEdge(f.stack, 'Edge', {
    vpc: f.vpc,
    nodeGroups: twoNodeGroups(f),
    originDomainName: ORIGIN_DOMAIN,
    originCertificate: f.originCertificate,
    ...props,
    loadBalancerProps: { cloudFrontPrefixListId: PREFIX_LIST_ID, ...props.loadBalancerProps },
  });
}

function loadBalancer(f: Fixture, props: Partial<GmsLoadBalancerProps> = {}): GmsLoadBalancer {
  return new GmsLoadBalancer(f.stack, 'Alb', {
    vpc: f.vpc,
    certificate: f.originCertificate,
    nodeGroups: twoNodeGroups(f),
    cloudFrontPrefixListId: PREFIX_LIST_ID,
    ...props,
  });
}

/** The default group on the Auto Scaling group, then IP groups on the given patterns (in order). */
function groupsWithPatterns(f: Fixture, ...groups: Array<{ patterns: string[]; priority?: number }>): GmsNodeGroupOptions[] {
  return [
    { name: 'aws', targets: GmsNodeTargets.fromAutoScalingGroup(f.autoScalingGroup) },
    ...groups.map((group, index) => ({
      name: `onprem${index + 1}`,
      targets: GmsNodeTargets.fromIpAddresses([`192.168.10.${11 + index}`], { availabilityZone: 'all' }),
      pathPatterns: group.patterns,
      priority: group.priority,
    })),
  ];
}

function numberParameter(f: Fixture, id: string): number {
  return new CfnParameter(f.stack, id, { type: 'Number' }).valueAsNumber;
}

function healthChecked(f: Fixture, healthCheck: GmsHealthCheck): GmsLoadBalancer {
  return loadBalancer(f, { nodeGroups: [{ name: 'aws', targets: GmsNodeTargets.fromAutoScalingGroup(f.autoScalingGroup), healthCheck }] });
}

function precedingCode(f: Fixture, code: string): GmsEdge {
  return edge(f, { precedingViewerResponseCode: code });
}

/** Builds, then synthesizes (synth-time validations run there). */
function synthesize(build: (f: Fixture) => unknown, env?: typeof ENV): Fixture {
  const f = fixture(env === undefined ? {} : { env });
  build(f);
  Template.fromStack(f.stack);
  return f;
}

function warningsWithId(f: Fixture, id: string): string[] {
  return Annotations.fromStack(f.stack).findWarning('*', Match.stringLikeRegexp(`\\[ack: gms-edge-constructs:${id}\\]`))
    .map((entry) => entry.entry.data as string);
}

type ErrorCase = [name: string, build: (f: Fixture) => unknown, message: RegExp, env?: typeof ENV];

const errors: ErrorCase[] = [
  // Routing that can never be reached (ALB: rules by priority, lowest first; the first match wins).
  ['a broad pattern at a higher priority shadows a narrower one', (f) => loadBalancer(f, { nodeGroups: groupsWithPatterns(f, { patterns: ['/genesys/*'], priority: 10 }, { patterns: ['/genesys/2/chat/*'], priority: 20 }) }),
    /Alb: nodeGroups\[2\]\.pathPatterns\[0\] \/genesys\/2\/chat\/\* can never be reached: node group onprem1's pattern \/genesys\/\* at listener-rule priority 10/],
  ['the automatic priorities follow the order of the groups: a broad group first shadows a later narrow one', (f) => loadBalancer(f, { nodeGroups: groupsWithPatterns(f, { patterns: ['/genesys/2/*'] }, { patterns: ['/genesys/2/chat/sales*'] }) }),
    /nodeGroups\[2\]\.pathPatterns\[0\] \/genesys\/2\/chat\/sales\* can never be reached/],
  ['a leading * matches every path', (f) => loadBalancer(f, { nodeGroups: groupsWithPatterns(f, { patterns: ['*'] }, { patterns: ['/genesys/cometd*'] }) }),
    /nodeGroups\[2\]\.pathPatterns\[0\] \/genesys\/cometd\* can never be reached/],
  ['one shadowed pattern among several is named by its index', (f) => loadBalancer(f, { nodeGroups: groupsWithPatterns(f, { patterns: ['/genesys/2/chat/*'] }, { patterns: ['/genesys/2/chat-ntf', '/genesys/2/chat/sales/*'] }) }),
    /nodeGroups\[2\]\.pathPatterns\[1\] \/genesys\/2\/chat\/sales\/\* can never be reached/],
  ['a prefix without a slash covers the longer names that start with it', (f) => loadBalancer(f, { nodeGroups: groupsWithPatterns(f, { patterns: ['/genesys/2/chat/sales*'], priority: 5 }, { patterns: ['/genesys/2/chat/sales-eu/*'], priority: 6 }) }),
    /nodeGroups\[2\]\.pathPatterns\[0\] \/genesys\/2\/chat\/sales-eu\/\* can never be reached/],
  ['through GmsEdge, with the construct path of its load balancer', (f) => edge(f, { nodeGroups: groupsWithPatterns(f, { patterns: ['/genesys/*'], priority: 30 }, { patterns: ['/genesys/cometd/*'], priority: 40 }) }),
    /Edge\/LoadBalancer: nodeGroups\[2\]\.pathPatterns\[0\] \/genesys\/cometd\/\* can never be reached/],

  // Ranges: retention in whole days (S3 lifecycle), instead of a deploy failure or aws-cdk-lib's wording.
  ['a log retention of 0 days (synthesized, failed at deployment)', (f) => edge(f, { logRetention: Duration.days(0) }),
    /Edge: logRetention must be a whole number of days from 1 to 36500 \(an S3 lifecycle expiration\); got 0 days/],
  ['a log retention of 36 hours (aws-cdk-lib: "cannot be converted into a whole number of days")', (f) => edge(f, { logRetention: Duration.hours(36) }),
    /Edge: logRetention must be a whole number of days from 1 to 36500 .*got 1 day 12 hours/],
  ['an access log retention of 36 hours (aws-cdk-lib\'s wording before)', (f) => loadBalancer(f, { accessLogsRetention: Duration.hours(36) }),
    /Alb: accessLogsRetention must be a whole number of days from 1 to 36500/],
  // Before: an error already, in seconds ("must be between 86400 and 3153600000 seconds; got 43200 s").
  ['an access log retention of 12 hours through GmsEdge', (f) => edge(f, { loadBalancerProps: { accessLogsRetention: Duration.hours(12) } }),
    /Edge\/LoadBalancer: accessLogsRetention must be a whole number of days/],
  ['a log retention in minutes', (f) => edge(f, { logRetention: Duration.minutes(90) }),
    /logRetention must be a whole number of days .*got 1 hour 30 minutes/],

  // Tokens where a synth-time number is needed: never deployed, so a token would switch the checks off silently.
  ['longPollHold as an unresolved Duration on GmsEdge (every timeout check silently skipped)', (f) => edge(f, { longPollHold: Duration.seconds(numberParameter(f, 'Hold')) }),
    /Edge: longPollHold must be a literal Duration between 1 and 3600 seconds: it is not deployed/],
  ['longPollHold as an unresolved Duration on GmsLoadBalancer', (f) => loadBalancer(f, { longPollHold: Duration.seconds(numberParameter(f, 'Hold')) }),
    /Alb: longPollHold must be a literal Duration/],
  ['longPollHold as an unresolved Duration on GmsNodeGroup', (f) => new GmsNodeGroup(f.stack, 'Group', {
    name: 'aws', targets: GmsNodeTargets.fromAutoScalingGroup(f.autoScalingGroup), vpc: f.vpc,
    loadBalancerSecurityGroup: new ec2.SecurityGroup(f.stack, 'Sg', { vpc: f.vpc }), longPollHold: Duration.seconds(numberParameter(f, 'Hold')),
  }), /Group: longPollHold must be a literal Duration/],
  ['a response timeout quota as a token (the quota check silently skipped)', (f) => edge(f, { originTimeoutQuotas: { responseTimeoutSeconds: numberParameter(f, 'Quota') } }),
    /Edge: originTimeoutQuotas\.responseTimeoutSeconds must be a literal integer between 1 and 86400/],
  ['a keep-alive timeout quota as a token', (f) => edge(f, { originTimeoutQuotas: { keepaliveTimeoutSeconds: numberParameter(f, 'Quota') } }),
    /Edge: originTimeoutQuotas\.keepaliveTimeoutSeconds must be a literal integer/],
  ['a get service online code as a token ("got -1.888e+289" before)', (f) => healthChecked(f, GmsHealthCheck.getService('health', { onlineCode: numberParameter(f, 'Code') })),
    /NodeGroup-aws: healthCheck onlineCode must be a literal value .*got an unresolved token/],
  ['a health check port as a token ("got -1.888e+289" before)', (f) => healthChecked(f, GmsHealthCheck.custom({ path: '/genesys/1/service/health', port: numberParameter(f, 'Port'), seesOffline: true })),
    /healthCheck port must be a literal value/],
  ['a health check path as a token ("must be an absolute path" before)', (f) => healthChecked(f, GmsHealthCheck.custom({ path: Token.asString(new CfnParameter(f.stack, 'Path').valueAsString), seesOffline: true })),
    /healthCheck path must be a literal value/],
  ['a health check status code as a token', (f) => healthChecked(f, GmsHealthCheck.custom({ path: '/genesys/1/service/health', statusCodes: [new CfnParameter(f.stack, 'Codes').valueAsString], seesOffline: true })),
    /healthCheck statusCodes\[0\] must be a literal value/],

  // Combinations that cannot work.
  ['an internet-facing load balancer in private subnets', (f) => loadBalancer(f, { vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }),
    /Alb: vpcSubnets selects Test\/Vpc\/PrivateSubnet1.*, which is not a public subnet of the VPC: the load balancer is internet-facing/],
  ['one private subnet among public ones', (f) => loadBalancer(f, { vpcSubnets: { subnets: [f.vpc.publicSubnets[0], f.vpc.privateSubnets[1]] } }),
    /Alb: vpcSubnets selects Test\/Vpc\/PrivateSubnet2/],
  ['private subnets through GmsEdge', (f) => edge(f, { loadBalancerProps: { vpcSubnets: { subnetGroupName: 'Private' } } }),
    /Edge\/LoadBalancer: vpcSubnets selects .*not a public subnet/],
  ['public subnets in one Availability Zone', (f) => loadBalancer(f, { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC, availabilityZones: [f.vpc.availabilityZones[0]] } }),
    /Alb: vpcSubnets selects subnets in 1 Availability Zone\(s\) \(dummy1a\); an Application Load Balancer needs subnets in at least two/, ENV],
  ['an IP target outside the VPC without availabilityZone \'all\'', (f) => loadBalancer(f, { nodeGroups: [{ name: 'onprem', targets: GmsNodeTargets.fromIpAddresses(['192.168.10.11']) }] }),
    /NodeGroup-onprem: targets\.ipAddresses\[0\] 192\.168\.10\.11 is outside the VPC \(10\.0\.0\.0\/16\): .*availabilityZone: 'all'/],
  ['the second of two IP targets outside the VPC, through GmsEdge', (f) => edge(f, { nodeGroups: [{ name: 'mixed', targets: GmsNodeTargets.fromIpAddresses(['10.0.3.7', '172.16.0.5']) }] }),
    /targets\.ipAddresses\[1\] 172\.16\.0\.5 is outside the VPC/],
  ...(['Origin', 'Referer', 'User-Agent', 'Authorization', 'Sec-Fetch-Site', 'X-Forwarded-Host', 'Access-Control-Request-Method', 'Accept-Language'].map((name): ErrorCase => [
    `a secret origin header named ${name}, which browsers send (CloudFront overwrites the viewer's)`, (f) => loadBalancer(f, { originVerifyHeaderName: name }),
    new RegExp(`Alb: originVerifyHeaderName must not be a header browsers send .*overwrite the viewer's ${name} with the secret.*got ${name}`),
  ])),
  ['the secret origin header among the headers forwarded from the viewer', (f) => edge(f, { additionalOriginRequestHeaders: ['X-Origin-Verify'] }),
    /Edge: additionalOriginRequestHeaders\[0\] is X-Origin-Verify, the secret origin header/],
  ['a custom secret header name forwarded in another case', (f) => edge(f, { additionalOriginRequestHeaders: ['X-Tenant', 'x-gms-secret'], loadBalancerProps: { originVerifyHeaderName: 'X-Gms-Secret' } }),
    /Edge: additionalOriginRequestHeaders\[1\] is X-Gms-Secret, the secret origin header/],

  // Malformed values.
  ['an IP literal as the origin domain name', (f) => edge(f, { originDomainName: '203.0.113.10' }),
    /Edge: originDomainName must be a DNS name, not an IP address.*got 203\.0\.113\.10/],
  ['a private IP literal as the origin domain name', (f) => edge(f, { originDomainName: '10.0.0.5' }),
    /Edge: originDomainName must be a DNS name, not an IP address/],
  ['an IP literal among the viewer domain names', (f) => edge(f, { domainNames: ['gms.example.com', '198.51.100.7'], certificate: acm.Certificate.fromCertificateArn(f.stack, 'Global', GLOBAL_CERT_ARN) }),
    /Edge: domainNames\[1\] must be a DNS name, not an IP address/],
  ['one EC2 instance listed twice', (f) => {
    const instance = new ec2.Instance(f.stack, 'Node', { vpc: f.vpc, instanceType: new ec2.InstanceType('m6i.large'), machineImage: ec2.MachineImage.fromSsmParameter('/gms/ami') });
    return loadBalancer(f, { nodeGroups: [{ name: 'ec2', targets: GmsNodeTargets.fromInstances([instance, instance]) }] });
  }, /NodeGroup-ec2: targets\.instances\[1\] is Test\/Node again \(already targets\.instances\[0\]\)/],
  ['UK in a geographic restriction (ISO 3166-1 has GB)', (f) => edge(f, { geoRestriction: cloudfront.GeoRestriction.allowlist('UK') }),
    /Edge: geoRestriction\.locations\[0\] must be an ISO 3166-1 alpha-2 country code; UK is not one \(use GB/],
  ['EU in a geographic restriction', (f) => edge(f, { geoRestriction: cloudfront.GeoRestriction.denylist('DE', 'EU') }),
    /Edge: geoRestriction\.locations\[1\] must be an ISO 3166-1 alpha-2 country code; EU is not one/],
  ['EL (the EU\'s code for Greece) in a geographic restriction', (f) => edge(f, { geoRestriction: cloudfront.GeoRestriction.allowlist('EL') }),
    /geoRestriction\.locations\[0\] .*EL is not one \(use GR/],

  // Later changes that open what the construct closed.
  ['a port-80 listener added to the load balancer forwarding to the nodes', (f) => {
    const alb = loadBalancer(f);
    alb.loadBalancer.addListener('Plain', { port: 80, open: false, defaultTargetGroups: [alb.defaultNodeGroup.targetGroup] });
  }, /Alb: loadBalancer has a listener added after construction \(Test\/Alb\/LoadBalancer\/Plain\/Resource, port 80\)/],
  ['a listener added through GmsEdge\'s load balancer', (f) => {
    const construct = edge(f);
    construct.loadBalancer.loadBalancer.addListener('x', { port: 8443, protocol: elbv2.ApplicationProtocol.HTTP, open: false, defaultAction: elbv2.ListenerAction.forward([construct.loadBalancer.defaultNodeGroup.targetGroup]) });
  }, /Edge\/LoadBalancer: loadBalancer has a listener added after construction/],
  ['a rule added to the listener without the secret header condition', (f) => {
    const alb = loadBalancer(f);
    alb.listener.addAction('Bypass', { priority: 5, conditions: [elbv2.ListenerCondition.pathPatterns(['/genesys/*'])], action: elbv2.ListenerAction.forward([alb.defaultNodeGroup.targetGroup]) });
  }, /Alb: listener has a rule added after construction \(Test\/Alb\/LoadBalancer\/Https\/BypassRule\/Resource, priority 5\) without the X-Origin-Verify condition/],
  ['target groups added to the listener with a path condition only', (f) => {
    const alb = loadBalancer(f);
    alb.listener.addTargetGroups('More', { priority: 6, conditions: [elbv2.ListenerCondition.pathPatterns(['/genesys/1/admin/*'])], targetGroups: [alb.defaultNodeGroup.targetGroup] });
  }, /Alb: listener has a rule added after construction .*priority 6/],
  ['a rule checking the secret header against a guessed value', (f) => {
    const alb = loadBalancer(f);
    new elbv2.ApplicationListenerRule(f.stack, 'Guess', { listener: alb.listener, priority: 7, conditions: [elbv2.ListenerCondition.httpHeader('X-Origin-Verify', ['guess'])], action: elbv2.ListenerAction.forward([alb.defaultNodeGroup.targetGroup]) });
  }, /listener has a rule added after construction \(Test\/Guess\/Resource, priority 7\)/],
  ['the listener\'s default action replaced (every request forwarded)', (f) => {
    const alb = loadBalancer(f);
    alb.listener.addAction('Open', { action: elbv2.ListenerAction.forward([alb.defaultNodeGroup.targetGroup]) });
  }, /Alb: listener default action was changed after construction; it must stay the fixed 403 response/],
  ['an ingress rule from anywhere added to the security group', (f) => {
    loadBalancer(f).securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
  }, /Alb: securityGroup has an ingress rule added after construction \(0\.0\.0\.0\/0, ports 443-443\)/],
  ['the load balancer opened through its connections', (f) => {
    loadBalancer(f).loadBalancer.connections.allowFromAnyIpv4(ec2.Port.tcp(8443));
  }, /securityGroup has an ingress rule added after construction \(0\.0\.0\.0\/0, ports 8443-8443\)/],
  ['the security group opened to another security group', (f) => {
    const other = new ec2.SecurityGroup(f.stack, 'Other', { vpc: f.vpc });
    loadBalancer(f).securityGroup.connections.allowFrom(other, ec2.Port.tcp(443));
  }, /securityGroup has an ingress rule added after construction \(security group/],

  // User code composed into the edge: it runs at synth on a sample viewer-response event.
  ['a preceding handler that returns nothing (every response a 502 at the edge)', (f) => precedingCode(f, 'function handler(event) { event.response.headers["x-a"] = { value: "1" }; }'),
    /Edge\/PartitionedCookieFunction: precedingViewerResponseCode must return the response object .*it returned undefined \(no return statement\?\)/],
  ['an async preceding handler that returns nothing', (f) => precedingCode(f, 'async function handler(event) { await Promise.resolve(); }'),
    /precedingViewerResponseCode must return the response object .*returned undefined/],
  ['a preceding handler that returns the whole event', (f) => precedingCode(f, 'function handler(event) { return event; }'),
    /precedingViewerResponseCode must return the response object .*an object without a numeric statusCode \(the whole event instead of event\.response\?\)/],
  ['a preceding handler that returns a string', (f) => precedingCode(f, 'function handler(event) { return "ok"; }'),
    /precedingViewerResponseCode must return the response object .*returned string/],
  ['a preceding handler that returns null, in PartitionedCookieFunction alone', (f) => new PartitionedCookieFunction(f.stack, 'Fn', { precedingViewerResponseCode: 'function handler(event) { return null; }' }),
    /Test\/Fn: precedingViewerResponseCode must return the response object .*returned null/],
];

type WarningCase = [name: string, build: (f: Fixture) => unknown, id: string, message: RegExp];

const warnings: WarningCase[] = [
  ['an exposed path that an exposed prefix covers', (f) => loadBalancer(f, { additionalExposedPaths: ['/genesys/1/service/*', '/genesys/1/service/callback'] }),
    'pathPatternRedundant', /additionalExposedPaths lists \/genesys\/1\/service\/callback, which \/genesys\/1\/service\/\* .* covers/],
  ['an exposed path that a chat path covers', (f) => edge(f, { additionalExposedPaths: ['/genesys/cometd/handshake'] }),
    'pathPatternRedundant', /additionalExposedPaths lists \/genesys\/cometd\/handshake, which \/genesys\/cometd\/\*/],
  ['a node group pattern its own broader pattern covers', (f) => loadBalancer(f, { nodeGroups: groupsWithPatterns(f, { patterns: ['/genesys/2/chat/sales*', '/genesys/2/chat/sales/x'] }) }),
    'pathPatternRedundant', /nodeGroups\[1\]\.pathPatterns\[1\] lists \/genesys\/2\/chat\/sales\/x/],
  ['61 IP targets: 61 outbound rules on the load balancer\'s security group (quota 60)', (f) => loadBalancer(f, {
    nodeGroups: [{ name: 'onprem', targets: GmsNodeTargets.fromIpAddresses(Array.from({ length: 61 }, (_, i) => `192.168.20.${i + 1}`), { availabilityZone: 'all' }) }],
  }), 'securityGroupRuleQuota', /securityGroup holds 61 outbound IPv4 rules .*"Outbound rules per security group" is 60/],
  ['a preceding handler that throws on a sample event', (f) => precedingCode(f, 'function handler(event) { return event.request.headers["x-missing"].value; }'),
    'precedingViewerResponseThrows', /precedingViewerResponseCode threw on a sample viewer-response event at synth \(TypeError/],
];

describe('issue #11 on AWS: bad input fails the synth naming the property', () => {
  // Rest parameters: a callback declaring more parameters than a row has would be taken for done().
  test.each(errors)('%s', (...[, build, message, env]: ErrorCase) => {
    expect(() => synthesize(build, env)).toThrow(message);
  });
});

describe('issue #11 on AWS: legal but likely wrong input warns with an id', () => {
  test.each(warnings)('%s', (...[, build, id, message]: WarningCase) => {
    const found = warningsWithId(synthesize(build), id);
    expect(found).toEqual([expect.stringMatching(message)]);
  });
});

describe('issue #11 on AWS: legal input close to the cases above stays silent', () => {
  const silent = (f: Fixture): string[] => Annotations.fromStack(f.stack).findWarning('*', Match.stringLikeRegexp('pathPatternRedundant|securityGroupRuleQuota|precedingViewerResponseThrows'))
    .map((entry) => entry.entry.data as string);

  test.each<[string, (f: Fixture) => unknown]>([
    ['a narrower pattern at a higher priority than a broader one', (f) => loadBalancer(f, { nodeGroups: groupsWithPatterns(f, { patterns: ['/genesys/2/chat/sales*'], priority: 10 }, { patterns: ['/genesys/2/*'], priority: 20 }) })],
    ['a node group taking over a chat path from the default group', (f) => loadBalancer(f, { nodeGroups: groupsWithPatterns(f, { patterns: ['/genesys/cometd*'] }) })],
    ['a node group priority given as a token (order only known at deployment)', (f) => loadBalancer(f, { nodeGroups: groupsWithPatterns(f, { patterns: ['/genesys/2/chat/*'], priority: numberParameter(f, 'Priority') }, { patterns: ['/genesys/2/chat/sales*'], priority: 20 }) })],
    ['an idle timeout given as a token (deployed as it is)', (f) => loadBalancer(f, { idleTimeout: Duration.seconds(numberParameter(f, 'Idle')) })],
    ['a rule added to the listener with the secret header condition', (f) => {
      const alb = loadBalancer(f);
      alb.listener.addAction('Guarded', {
        priority: 5,
        conditions: [elbv2.ListenerCondition.httpHeader(alb.originVerifyHeaderName, alb.acceptedOriginVerifyHeaderValues), elbv2.ListenerCondition.pathPatterns(['/genesys/1/service/callback/*'])],
        action: elbv2.ListenerAction.forward([alb.defaultNodeGroup.targetGroup]),
      });
    }],
    ['an IP target inside the VPC without an Availability Zone', (f) => loadBalancer(f, { nodeGroups: [{ name: 'vpc', targets: GmsNodeTargets.fromIpAddresses(['10.0.5.5']) }] })],
    ['explicit public subnets', (f) => loadBalancer(f, { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } })],
    ['60 IP targets (at the quota)', (f) => loadBalancer(f, { nodeGroups: [{ name: 'onprem', targets: GmsNodeTargets.fromIpAddresses(Array.from({ length: 60 }, (_, i) => `192.168.20.${i + 1}`), { availabilityZone: 'all' }) }] })],
    ['a secret header name of your own, GB in a geographic restriction, a retention of 30 days', (f) => edge(f, { loadBalancerProps: { originVerifyHeaderName: 'X-Gms-Origin-Secret' }, geoRestriction: cloudfront.GeoRestriction.allowlist('GB'), logRetention: Duration.days(30) })],
    ['an async preceding handler that returns event.response', (f) => precedingCode(f, 'async function handler(event) { var r = event.response; r.headers["x-a"] = { value: "1" }; return r; }')],
  ])('%s', (...[, build]: [string, (f: Fixture) => unknown]) => {
    const f = synthesize(build);
    expect(silent(f)).toEqual([]);
  });
});
