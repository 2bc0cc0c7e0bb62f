/**
 * Exposure on AWS: the listener forwards only the chat API (plus what additionalExposedPaths
 * adds) to the nodes; the listener's default action answers 403 to every other path.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { GmsLoadBalancer, GmsLoadBalancerProps, GmsNodeTargets } from '../../lib/aws';
import { isPathExposed, resolveExposure } from '../../lib/gms';
import { fixture, warningsMatching } from './support';

function loadBalancer(props: Partial<GmsLoadBalancerProps> = {}) {
  const f = fixture();
  const construct = new GmsLoadBalancer(f.stack, 'Alb', {
    vpc: f.vpc,
    certificate: f.originCertificate,
    nodeGroups: [{ name: 'aws', targets: GmsNodeTargets.fromAutoScalingGroup(f.autoScalingGroup) }],
    ...props,
  });
  const rules = Object.values(Template.fromStack(f.stack).findResources('AWS::ElasticLoadBalancingV2::ListenerRule'))
    .map((rule) => rule.Properties as { Priority: number; Conditions: Array<{ Field: string; PathPatternConfig?: { Values: string[] } }> })
    .sort((a, b) => a.Priority - b.Priority);
  return { stack: f.stack, construct, rules, paths: rules.map((rule) => rule.Conditions.find((condition) => condition.Field === 'path-pattern')?.PathPatternConfig?.Values) };
}

/** What the listener does with a path, evaluated from the synthesized rules (ALB path-pattern semantics for these patterns). */
function routes(paths: Array<string[] | undefined>, path: string): boolean {
  return paths.some((values) => values === undefined || values.some((pattern) => pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern));
}

describe('GmsLoadBalancer exposure', () => {
  it('by default forwards CometD, Chat API v2 and chat notifications, and nothing else', () => {
    const { paths, stack } = loadBalancer();
    expect(paths.flat()).toEqual(['/genesys/cometd', '/genesys/cometd/*', '/genesys/2/chat/*', '/genesys/2/chat-ntf', '/genesys/2/chat-ntf/*']);
    for (const published of ['/genesys/cometd', '/genesys/cometd/connect', '/genesys/2/chat/customer-support', '/genesys/2/chat/customer-support/123/send', '/genesys/2/chat-ntf']) {
      expect([published, routes(paths, published)]).toEqual([published, true]);
    }
    for (const refused of ['/genesys/1/admin/node/status', '/genesys/1/admin/node/changestatus/OFFLINE', '/genesys/1/service/health', '/genesys/admin/', '/', '/genesys/cometdx', '/genesys/2/chat']) {
      expect([refused, routes(paths, refused)]).toEqual([refused, false]);
    }
    expect(warningsMatching(stack, 'everyPathExposed')).toEqual([]);
  });

  it('keeps every rule within the ALB quotas: at most 5 condition values (one is the secret header) and 5 wildcards', () => {
    const { rules } = loadBalancer({ additionalExposedPaths: ['/genesys/1/service/callback/*', '/genesys/1/storage/*', '/genesys/1/notification/*', '/a/*', '/b/*', '/c'] });
    for (const rule of rules) {
      const values = rule.Conditions.flatMap((condition) => condition.PathPatternConfig?.Values ?? ['header']);
      expect(values.length).toBeLessThanOrEqual(5);
      expect(values.join('').match(/[*?]/g)?.length ?? 0).toBeLessThanOrEqual(5);
    }
  });

  it('adds the paths of additionalExposedPaths', () => {
    const { paths } = loadBalancer({ additionalExposedPaths: ['/genesys/1/service/callback/*'] });
    expect(routes(paths, '/genesys/1/service/callback/my-callback')).toBe(true);
    expect(routes(paths, '/genesys/1/admin/node/status')).toBe(false);
  });

  it("opens everything with '/*', with a warning", () => {
    const { paths, stack } = loadBalancer({ additionalExposedPaths: ['/*'] });
    expect(paths).toEqual([undefined]);
    expect(warningsMatching(stack, 'gms-edge-constructs:everyPathExposed')).toHaveLength(1);
  });

  it('warns when a node group path reaches beyond the exposed paths', () => {
    const f = fixture();
    new GmsLoadBalancer(f.stack, 'Alb', {
      vpc: f.vpc,
      certificate: f.originCertificate,
      nodeGroups: [
        { name: 'aws', targets: GmsNodeTargets.fromAutoScalingGroup(f.autoScalingGroup) },
        { name: 'ok', targets: GmsNodeTargets.fromIpAddresses(['10.0.0.1']), pathPatterns: ['/genesys/2/chat/sales*'] },
        { name: 'wide', targets: GmsNodeTargets.fromIpAddresses(['10.0.0.2']), pathPatterns: ['/genesys/1/*'] },
      ],
    });
    const warnings = warningsMatching(f.stack, 'gms-edge-constructs:nodeGroupPathNotExposed');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/nodeGroups\[2\]\.pathPatterns \/genesys\/1\/\* reach beyond/);
  });

  it.each([
    ['a path without a leading /', ['genesys/x'], /additionalExposedPaths\[0\] must be a path starting with \//],
    ['a * that is not a final /*', ['/genesys/*/x'], /additionalExposedPaths\[0\] must be a path .* with \* only as a final \/\*/],
    ['a chat path again', ['/genesys/2/chat/*'], /additionalExposedPaths\[0\] \/genesys\/2\/chat\/\* is listed twice \(or is already a chat path/],
  ])('rejects %s', (_title, additionalExposedPaths, message) => {
    expect(() => loadBalancer({ additionalExposedPaths })).toThrow(message);
  });

  it('refuses more listener rules than an ALB listener holds (100)', () => {
    const many = Array.from({ length: 400 }, (_, index) => `/p${index}`);
    expect(() => loadBalancer({ additionalExposedPaths: many })).toThrow(/need 102 listener rules \(405 exposed paths, up to 4 per rule\); an Application Load Balancer holds at most 100 rules besides default rules/);
  });
});

describe('resolveExposure and isPathExposed (lib/gms)', () => {
  it('match a literal exactly and a /* prefix by prefix', () => {
    const result = resolveExposure(['/x']);
    if ('error' in result) throw new Error(result.error);
    expect(isPathExposed(result.exposure, '/x')).toBe(true);
    expect(isPathExposed(result.exposure, '/x/y')).toBe(false);
    expect(isPathExposed(result.exposure, '/genesys/cometd/handshake')).toBe(true);
  });
});
