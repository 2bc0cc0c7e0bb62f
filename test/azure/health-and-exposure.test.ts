/**
 * Health and exposure on Azure: each health choice as an Application Gateway probe (status and
 * body match), the warnings when a probe cannot see OFFLINE, and the path map that routes only
 * the chat API to the nodes (every other path to an empty pool: 502 from the gateway).
 */
import { TerraformStack } from 'cdktf';
import { ArmApplicationGatewayBody, GmsApplicationGateway, GmsApplicationGatewayProps, GmsHealthCheck, GmsNodeGroupOptions } from '../../lib/azure';
import { findApplicationGatewayBody, routeRequest } from '../support/app-gateway-emulator';
import { EXISTING_RESOURCE_GROUP, IDENTITY_ID, PUBLIC_IP_ID, SECRET_ID, SUBNET_ID, synthesize } from './support';

function synthGateway(overrides: Partial<GmsApplicationGatewayProps> = {}, group: Partial<GmsNodeGroupOptions> = {}): { body: ArmApplicationGatewayBody; warnings: string[] } {
  let warnings: string[] = [];
  const { json } = synthesize((stack: TerraformStack) => {
    const gateway = new GmsApplicationGateway(stack, 'Gateway', {
      resourceGroup: EXISTING_RESOURCE_GROUP,
      gatewaySubnetId: SUBNET_ID,
      publicIpAddressId: PUBLIC_IP_ID,
      certificate: { keyVaultSecretId: SECRET_ID },
      identityId: IDENTITY_ID,
      nodeGroups: [{ name: 'gms', ipAddresses: ['10.0.1.4', '10.0.1.5'], ...group }],
      ...overrides,
    });
    warnings = gateway.node.metadata.filter((entry) => entry.type === '@cdktf/warn').map((entry) => String(entry.data));
  });
  return { body: findApplicationGatewayBody(json), warnings };
}

const probe = (body: ArmApplicationGatewayBody) => body.properties.probes[0].properties;
const poolOf = (body: ArmApplicationGatewayBody, path: string) => routeRequest(body, { path }).backendAddressPoolName;

describe('GmsApplicationGateway health probe', () => {
  it('defaults to the get service /genesys/1/service/health on 200, without warnings', () => {
    const { body, warnings } = synthGateway();
    expect(probe(body)).toMatchObject({ path: '/genesys/1/service/health', match: { statusCodes: ['200'] } });
    expect(probe(body).match?.body).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('takes the get service name and online code', () => {
    const { body } = synthGateway({}, { healthCheck: GmsHealthCheck.getService('lb', { onlineCode: 204 }) });
    expect(probe(body)).toMatchObject({ path: '/genesys/1/service/lb', match: { statusCodes: ['204'] } });
  });

  it('node status: matches the body ONLINE (so it sees OFFLINE) and warns that GMS 8.5.1+ want authentication', () => {
    const { body, warnings } = synthGateway({}, { healthCheck: GmsHealthCheck.nodeStatus() });
    expect(probe(body)).toMatchObject({ path: '/genesys/1/admin/node/status', match: { statusCodes: ['200'], body: 'ONLINE' } });
    expect(warnings.filter((warning) => warning.includes('[ack: gms-edge-constructs:healthCheckNeedsAuthentication]'))).toHaveLength(1);
    expect(warnings.filter((warning) => warning.includes('healthCheckBlindToOffline'))).toEqual([]);
  });

  it('custom: path, port, codes and body', () => {
    const { body, warnings } = synthGateway({}, { healthCheck: GmsHealthCheck.custom({ path: '/ready', port: 9000, statusCodes: ['200-299'], bodyContains: 'UP', seesOffline: true }), healthCheckTiming: { intervalSeconds: 5, timeoutSeconds: 4, unhealthyThreshold: 2 } });
    expect(probe(body)).toMatchObject({ path: '/ready', port: 9000, interval: 5, timeout: 4, unhealthyThreshold: 2, match: { statusCodes: ['200-299'], body: 'UP' } });
    expect(warnings).toEqual([]);
  });

  it('warns, with a stable id, when a custom probe is not known to see OFFLINE', () => {
    const { warnings } = synthGateway({}, { healthCheck: GmsHealthCheck.custom({ path: '/ready' }) });
    expect(warnings).toEqual([expect.stringMatching(/^nodeGroups\[0\] \(gms\)\.healthCheck cannot see a node set OFFLINE .*\[ack: gms-edge-constructs:healthCheckBlindToOffline\]$/)]);
  });

  it('rejects a probe that is not a GmsHealthCheck choice, naming the property', () => {
    expect(() => synthGateway({}, { healthCheck: { path: '/x' } as unknown as GmsHealthCheck })).toThrow(/nodeGroups\[0\]\.healthCheck must come from GmsHealthCheck\.getService\(\)/);
  });
});

describe('GmsApplicationGateway exposure', () => {
  it('routes only CometD, Chat API v2 and notifications to the nodes; every other path to the empty pool', () => {
    const { body, warnings } = synthGateway();
    for (const published of ['/genesys/cometd', '/genesys/cometd/handshake', '/genesys/2/chat/customer-support', '/genesys/2/chat/customer-support/1/send', '/genesys/2/chat-ntf']) {
      expect([published, poolOf(body, published)]).toEqual([published, 'pool-gms']);
    }
    for (const refused of ['/genesys/1/admin/node/status', '/genesys/1/admin/node/changestatus/OFFLINE', '/genesys/1/service/health', '/', '/genesys/cometdx']) {
      expect([refused, poolOf(body, refused)]).toEqual([refused, 'pool-not-published']);
    }
    expect(body.properties.backendAddressPools.find((pool) => pool.name === 'pool-not-published')?.properties.backendAddresses).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('adds the paths of additionalExposedPaths', () => {
    const { body } = synthGateway({ additionalExposedPaths: ['/genesys/1/service/callback/*'] });
    expect(poolOf(body, '/genesys/1/service/callback/x')).toBe('pool-gms');
    expect(poolOf(body, '/genesys/1/service/health')).toBe('pool-not-published');
  });

  it("opens everything with '/*', with a warning, and then has no empty pool", () => {
    const { body, warnings } = synthGateway({ additionalExposedPaths: ['/*'] });
    expect(poolOf(body, '/genesys/1/admin/node/status')).toBe('pool-gms');
    expect(body.properties.backendAddressPools.map((pool) => pool.name)).toEqual(['pool-gms']);
    expect(warnings).toEqual([expect.stringMatching(/^additionalExposedPaths lists \/\*: every GMS path is published.*\[ack: gms-edge-constructs:everyPathExposed\]$/)]);
  });

  it('rejects a pattern Application Gateway cannot match, naming the property', () => {
    expect(() => synthGateway({ additionalExposedPaths: ['/genesys/2/chat-ntf*'] })).toThrow(/additionalExposedPaths\[0\] must be a path starting with \/ .*with \* only as a final \/\*/);
  });
});
