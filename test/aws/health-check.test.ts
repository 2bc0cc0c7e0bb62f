/**
 * The health-check choices on AWS: what the ALB target group checks for each choice, the
 * warnings when a check cannot see an OFFLINE node, and the errors for what ALB cannot do.
 */
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { GmsHealthCheck, GmsNodeGroup, GmsNodeGroupOptions, GmsNodeTargets } from '../../lib/aws';
import { fixture, warningsMatching } from './support';

function group(options: Partial<GmsNodeGroupOptions> = {}) {
  const f = fixture();
  const loadBalancerSecurityGroup = new ec2.SecurityGroup(f.stack, 'AlbSg', { vpc: f.vpc, allowAllOutbound: false });
  new GmsNodeGroup(f.stack, 'Group', { name: 'aws', targets: GmsNodeTargets.fromAutoScalingGroup(f.autoScalingGroup), vpc: f.vpc, loadBalancerSecurityGroup, ...options });
  const [targetGroup] = Object.values(Template.fromStack(f.stack).findResources('AWS::ElasticLoadBalancingV2::TargetGroup'));
  return { stack: f.stack, properties: targetGroup.Properties as Record<string, unknown> };
}

describe('GmsNodeGroup health check', () => {
  it('defaults to the get service /genesys/1/service/health on 200, without warnings', () => {
    const { stack, properties } = group();
    expect(properties).toMatchObject({ HealthCheckPath: '/genesys/1/service/health', Matcher: { HttpCode: '200' }, HealthCheckProtocol: 'HTTP' });
    expect(warningsMatching(stack, 'healthCheck')).toEqual([]);
  });

  it('takes the get service name and its online code', () => {
    const { properties } = group({ healthCheck: GmsHealthCheck.getService('lb-check', { onlineCode: 204 }) });
    expect(properties).toMatchObject({ HealthCheckPath: '/genesys/1/service/lb-check', Matcher: { HttpCode: '204' } });
  });

  it('warns when the get service answers OFFLINE with its online code', () => {
    const { stack } = group({ healthCheck: GmsHealthCheck.getService('health', { onlineCode: 200, offlineCode: 200 }) });
    expect(warningsMatching(stack, 'gms-edge-constructs:healthCheckBlindToOffline')).toHaveLength(1);
  });

  it('node status: checks /genesys/1/admin/node/status on 200 and warns twice (authentication; ALB cannot match the body)', () => {
    const { stack, properties } = group({ healthCheck: GmsHealthCheck.nodeStatus() });
    expect(properties).toMatchObject({ HealthCheckPath: '/genesys/1/admin/node/status', Matcher: { HttpCode: '200' } });
    expect(warningsMatching(stack, 'gms-edge-constructs:healthCheckNeedsAuthentication')).toHaveLength(1);
    expect(warningsMatching(stack, 'gms-edge-constructs:healthCheckBlindToOffline')[0]).toMatch(/ALB matches status codes only/);
  });

  it('custom: path, port and codes; warns unless it is declared to see OFFLINE', () => {
    const blind = group({ healthCheck: GmsHealthCheck.custom({ path: '/ping', port: 9000, statusCodes: ['200-299', '301'] }) });
    expect(blind.properties).toMatchObject({ HealthCheckPath: '/ping', HealthCheckPort: '9000', Matcher: { HttpCode: '200-299,301' } });
    expect(warningsMatching(blind.stack, 'gms-edge-constructs:healthCheckBlindToOffline')).toHaveLength(1);
    const seeing = group({ healthCheck: GmsHealthCheck.custom({ path: '/ping', seesOffline: true }) });
    expect(warningsMatching(seeing.stack, 'healthCheck')).toEqual([]);
  });

  it('timing: interval, timeout and thresholds', () => {
    const { properties } = group({ healthCheckTiming: { interval: Duration.seconds(5), timeout: Duration.seconds(2), healthyThresholdCount: 3, unhealthyThresholdCount: 2 } });
    expect(properties).toMatchObject({ HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 3, UnhealthyThresholdCount: 2 });
  });

  it.each([
    ['a body match (ALB matches status codes only)', { healthCheck: GmsHealthCheck.custom({ path: '/x', bodyContains: 'ONLINE' }) }, /Group: healthCheck bodyContains cannot be used on ALB/],
    ['a service name with a slash', { healthCheck: GmsHealthCheck.getService('a/b') }, /healthCheck must name a GMS service .* got "a\/b"/],
    ['a port of 0', { healthCheck: GmsHealthCheck.custom({ path: '/x', port: 0 }) }, /healthCheck port must be an integer from 1 to 65535; got 0/],
    ['a timeout not shorter than the interval', { healthCheckTiming: { interval: Duration.seconds(5), timeout: Duration.seconds(5) } }, /healthCheckTiming.timeout must be shorter than the interval \(5 s\); got 5 s/],
    ['an unhealthy threshold of 1', { healthCheckTiming: { unhealthyThresholdCount: 1 } }, /healthCheckTiming.unhealthyThresholdCount must be an integer between 2 and 10; got 1/],
    ['a plain object instead of a choice', { healthCheck: { path: '/x' } as unknown as GmsHealthCheck }, /healthCheck must come from GmsHealthCheck.getService\(\)/],
  ])('rejects %s', (_title, options, message) => {
    expect(() => group(options)).toThrow(message);
  });
});
