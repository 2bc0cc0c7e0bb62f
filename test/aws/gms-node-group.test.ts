import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { GmsHealthCheck, GmsNodeGroup, GmsNodeGroupOptions, GmsNodeTargets, GmsStickiness } from '../../lib/aws';
import { fixture } from './support';

function group(options: Partial<GmsNodeGroupOptions> & { longPollHold?: Duration } = {}) {
  const f = fixture();
  const loadBalancerSecurityGroup = new ec2.SecurityGroup(f.stack, 'AlbSg', { vpc: f.vpc, allowAllOutbound: false });
  const nodeGroup = new GmsNodeGroup(f.stack, 'Group', {
    name: 'aws',
    targets: GmsNodeTargets.fromAutoScalingGroup(f.autoScalingGroup),
    vpc: f.vpc,
    loadBalancerSecurityGroup,
    ...options,
  });
  return { ...f, nodeGroup, loadBalancerSecurityGroup, template: () => Template.fromStack(f.stack) };
}

function attributes(template: Template): Record<string, string> {
  const [targetGroup] = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup'));
  const list = (targetGroup.Properties.TargetGroupAttributes ?? []) as Array<{ Key: string; Value: string }>;
  return Object.fromEntries(list.map((a) => [a.Key, a.Value]));
}

describe('GmsNodeGroup', () => {
  describe('with defaults', () => {
    const g = group();
    const template = g.template();

    it('forwards over plain HTTP to port 8080, the GMS port, with instance targets for an Auto Scaling group', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Protocol: 'HTTP', Port: 8080, TargetType: 'instance' });
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { TargetGroupARNs: [{ Ref: Match.stringLikeRegexp('GroupTargetGroup') }] });
    });

    it('health-checks the GMS get service named health, expecting 200 (503 when the node is OFFLINE)', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        HealthCheckPath: '/genesys/1/service/health',
        Matcher: { HttpCode: '200' },
        HealthCheckProtocol: 'HTTP',
        HealthCheckIntervalSeconds: 10,
        HealthCheckTimeoutSeconds: 5,
        HealthyThresholdCount: 2,
        UnhealthyThresholdCount: 3,
      });
    });

    it('is sticky with the load balancer cookie for one day', () => {
      expect(attributes(template)).toMatchObject({ 'stickiness.enabled': 'true', 'stickiness.type': 'lb_cookie', 'stickiness.lb_cookie.duration_seconds': '86400' });
      expect(g.nodeGroup.stickiness.cookieNames).toEqual(['AWSALB', 'AWSALBCORS']);
    });

    it('drains for 60 s, longer than CometD\'s 30 s long-poll hold', () => {
      expect(attributes(template)['deregistration_delay.timeout_seconds']).toBe('60');
    });

    it('opens the nodes to the load balancer\'s security group only, on the node port only', () => {
      const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
      expect(ingress).toEqual([expect.objectContaining({
        IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080,
        SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^AlbSg/), 'GroupId'] },
      })]);
      template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
        IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080,
        DestinationSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('NodesInstanceSecurityGroup'), 'GroupId'] },
      });
    });

    it('is the default group because it has no path patterns', () => {
      expect(g.nodeGroup.isDefault).toBe(true);
      expect(g.nodeGroup.pathPatterns).toEqual([]);
    });
  });

  it('follows an application cookie for stickiness when asked', () => {
    const g = group({ stickiness: GmsStickiness.applicationCookie('BAYEUX_BROWSER', Duration.hours(8)) });
    expect(attributes(g.template())).toMatchObject({
      'stickiness.type': 'app_cookie',
      'stickiness.app_cookie.cookie_name': 'BAYEUX_BROWSER',
      'stickiness.app_cookie.duration_seconds': '28800',
    });
    expect(g.nodeGroup.stickiness.cookieNames).toEqual(['BAYEUX_BROWSER', 'AWSALBAPP-0']);
  });

  it('takes another port, a custom health check and its timing', () => {
    const g = group({ port: 9090, healthCheck: GmsHealthCheck.custom({ path: '/genesys/1/admin/ping', statusCodes: ['200-299'], seesOffline: true }), healthCheckTiming: { interval: Duration.seconds(30), unhealthyThresholdCount: 5 } });
    g.template().hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 9090, HealthCheckPath: '/genesys/1/admin/ping', Matcher: { HttpCode: '200-299' }, HealthCheckIntervalSeconds: 30, UnhealthyThresholdCount: 5,
    });
  });

  it('accepts up to 5 wildcards (* and ?) across its path patterns, the ALB quota per listener rule', () => {
    expect(group({ pathPatterns: ['/genesys/2/chat/a*', '/genesys/2/chat/b?/*', '/c/*?'] }).nodeGroup.pathPatterns).toHaveLength(3);
  });

  it('raises the default deregistration delay to a longer long-poll hold', () => {
    const g = group({ longPollHold: Duration.seconds(90) });
    expect(attributes(g.template())['deregistration_delay.timeout_seconds']).toBe('90');
  });

  describe('with IP targets', () => {
    const f = fixture();
    const loadBalancerSecurityGroup = new ec2.SecurityGroup(f.stack, 'AlbSg', { vpc: f.vpc, allowAllOutbound: false });
    const nodeSecurityGroup = new ec2.SecurityGroup(f.stack, 'NodeSg', { vpc: f.vpc });
    new GmsNodeGroup(f.stack, 'Group', {
      name: 'onprem', vpc: f.vpc, loadBalancerSecurityGroup, pathPatterns: ['/genesys/2/chat/onprem*'],
      targets: GmsNodeTargets.fromIpAddresses(['192.168.10.11', '10.0.5.20'], { availabilityZone: 'all', securityGroups: [nodeSecurityGroup] }),
    });
    const template = Template.fromStack(f.stack);

    it('registers each address on the node port, in the Availability Zone given', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        TargetType: 'ip',
        Targets: [
          { Id: '192.168.10.11', Port: 8080, AvailabilityZone: 'all' },
          { Id: '10.0.5.20', Port: 8080, AvailabilityZone: 'all' },
        ],
      });
    });

    it('lets the load balancer out to exactly those addresses on the node port', () => {
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: Match.stringLikeRegexp('AlbSg'),
        SecurityGroupEgress: Match.arrayWith([
          Match.objectLike({ CidrIp: '192.168.10.11/32', FromPort: 8080, ToPort: 8080, IpProtocol: 'tcp' }),
          Match.objectLike({ CidrIp: '10.0.5.20/32', FromPort: 8080, ToPort: 8080, IpProtocol: 'tcp' }),
        ]),
      });
    });

    it('opens the nodes\' own security groups to the load balancer only', () => {
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NodeSg'), 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlbSg'), 'GroupId'] },
        FromPort: 8080, ToPort: 8080,
      });
    });
  });

  it('registers EC2 instances on the node port and opens them to the load balancer', () => {
    const f = fixture();
    const loadBalancerSecurityGroup = new ec2.SecurityGroup(f.stack, 'AlbSg', { vpc: f.vpc, allowAllOutbound: false });
    const instance = new ec2.Instance(f.stack, 'Gms1', { vpc: f.vpc, instanceType: new ec2.InstanceType('m6i.large'), machineImage: ec2.MachineImage.fromSsmParameter('/gms/ami') });
    new GmsNodeGroup(f.stack, 'Group', { name: 'ec2', vpc: f.vpc, loadBalancerSecurityGroup, targets: GmsNodeTargets.fromInstances([instance]) });
    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'instance', Targets: [{ Id: { Ref: Match.stringLikeRegexp('^Gms1') }, Port: 8080 }] });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Gms1InstanceSecurityGroup'), 'GroupId'] }, FromPort: 8080, ToPort: 8080,
    });
  });

  describe('rejects, naming the property and the allowed values,', () => {
    it.each([
      ['a port outside 1–65535', { port: 70000 }, /Group: port must be an integer between 1 and 65535; got 70000/],
      ['a group name with spaces', { name: 'my group' }, /name must be 1–32 letters, digits or inner hyphens; got "my group"/],
      ['a deregistration delay shorter than the long-poll hold', { deregistrationDelay: Duration.seconds(10) }, /deregistrationDelay must be at least the CometD long-poll hold \(30 s\).*got 10 s/],
      ['a deregistration delay above 3600 s', { deregistrationDelay: Duration.hours(2) }, /deregistrationDelay must be between 0 and 3600 seconds; got 7200 s/],
      ['a stickiness duration above 7 days', { stickiness: GmsStickiness.loadBalancerCookie(Duration.days(8)) }, /stickiness duration must be between 1 and 604800 seconds/],
      ['an application cookie reserved by the load balancer', { stickiness: GmsStickiness.applicationCookie('AWSALBAPP-1') }, /stickiness cookieName must not start with AWSALB, AWSALBAPP or AWSALBTG/],
      ['an application cookie name that is not a token', { stickiness: GmsStickiness.applicationCookie('a;b') }, /stickiness cookieName must be a cookie name/],
      ['a relative health check path', { healthCheck: GmsHealthCheck.custom({ path: 'status' }) }, /healthCheck path must be an absolute path/],
      ['success codes outside 200–499', { healthCheck: GmsHealthCheck.custom({ path: '/x', statusCodes: ['200', '503'] }) }, /healthCheck statusCodes must be HTTP codes or ranges from 200 to 499 on ALB/],
      ['more than 4 path patterns', { pathPatterns: ['/a', '/b', '/c', '/d', '/e'] }, /pathPatterns lists 5 patterns; .* at most 4/],
      ['more than 5 wildcards across the path patterns (ALB quota per rule)', { pathPatterns: ['/a/*/x*', '/b/?/*', '/c*?'] }, /Group: pathPatterns have 6 wildcards \(\* and \?\) in all; the group's listener rule takes at most 5 across its condition values/],
      ['a path pattern not starting with /', { pathPatterns: ['genesys/*'] }, /pathPatterns\[0\] must start with \//],
      ['the same path pattern twice', { pathPatterns: ['/a', '/a'] }, /pathPatterns lists \/a twice/],
      ['a non-default group without path patterns', { isDefault: false }, /pathPatterns must list at least one path for a group that is not the default group/],
      ['a priority on a default group without paths', { priority: 5 }, /priority has no effect on a default group without path patterns/],
      ['a priority outside 1–49999', { pathPatterns: ['/a'], priority: 50000 }, /priority must be an integer between 1 and 49999; got 50000/],
    ])('%s', (_title, options, message) => {
      expect(() => group(options as Partial<GmsNodeGroupOptions>)).toThrow(message);
    });

    it.each([
      ['a public address', ['8.8.8.8'], /targets\.ipAddresses\[0\] must be a private address .* got 8\.8\.8\.8/],
      ['something that is not an IPv4 address', ['10.0.0.300'], /targets\.ipAddresses\[0\] must be an IPv4 address/],
      ['the same address twice', ['10.0.0.5', '10.0.0.5'], /targets\.ipAddresses lists 10\.0\.0\.5 twice/],
      ['no addresses', [], /fromIpAddresses needs at least one IPv4 address/],
    ])('IP targets with %s', (_title, addresses, message) => {
      expect(() => group({ targets: GmsNodeTargets.fromIpAddresses(addresses), pathPatterns: ['/x'] })).toThrow(message);
    });
  });
});
