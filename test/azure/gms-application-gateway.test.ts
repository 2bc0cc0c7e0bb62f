import { TerraformStack, Testing } from 'cdktf';
import { RE2JS } from 're2js';
import {
  ACKNOWLEDGED_WARNINGS_CONTEXT_KEY,
  acknowledgeWarning,
  APPLICATION_GATEWAY_API_VERSION,
  ArmApplicationGatewayBody,
  GmsApplicationGateway,
  GmsApplicationGatewayProps,
  GmsHealthCheck,
  GmsNodeGroupOptions,
} from '../../lib/azure';
import { APP_GATEWAY_RESPONSE_HEADERS_RULE } from '../../lib/cookie/app-gateway-rewrite';
import { securityResponseHeaders } from '../../lib';
import { findApplicationGatewayBody, findApplicationGatewayResources, rewriteSetCookies, routeRequest } from '../support/app-gateway-emulator';
import { isCrossSitePartitioned, parseSetCookie } from '../support/rfc6265bis';
import { EXISTING_RESOURCE_GROUP, IDENTITY_ID, PUBLIC_IP_ID, SECRET_ID, SUBNET_ID, synthesize, TfJson } from './support';

const GATEWAY_PATH = '/providers/Microsoft.Network/applicationGateways/';

const TWO_GROUPS: GmsNodeGroupOptions[] = [
  { name: 'chat', isDefault: true, ipAddresses: ['10.0.1.4', '10.0.1.5'] },
  { name: 'cometd', pathPatterns: ['/genesys/cometd', '/genesys/cometd/*'], fqdns: ['gms-a.internal.example', 'gms-b.internal.example'] },
];

function baseProps(overrides: Partial<GmsApplicationGatewayProps> = {}): GmsApplicationGatewayProps {
  return {
    resourceGroup: EXISTING_RESOURCE_GROUP,
    gatewaySubnetId: SUBNET_ID,
    publicIpAddressId: PUBLIC_IP_ID,
    certificate: { keyVaultSecretId: SECRET_ID },
    identityId: IDENTITY_ID,
    nodeGroups: TWO_GROUPS,
    ...overrides,
  };
}

function synthGateway(overrides: Partial<GmsApplicationGatewayProps> = {}, edit?: (gateway: GmsApplicationGateway) => void): { json: TfJson; body: ArmApplicationGatewayBody } {
  const { json } = synthesize((stack: TerraformStack) => {
    const gateway = new GmsApplicationGateway(stack, 'Gateway', baseProps(overrides));
    edit?.(gateway);
  });
  return { json, body: findApplicationGatewayBody(json) };
}

function named<T extends { name: string }>(elements: T[], name: string): T {
  const element = elements.find((candidate) => candidate.name === name);
  if (element === undefined) {
    throw new Error(`no element ${name} in ${elements.map((candidate) => candidate.name).join(', ')}`);
  }
  return element;
}

/** Every `{ id }` inside the body that points into the gateway, found by walking all of it. */
function gatewayReferences(body: unknown): Array<{ at: string; gateway: string; collection: string; name: string }> {
  const references: Array<{ at: string; gateway: string; collection: string; name: string }> = [];
  const walk = (value: unknown, at: string): void => {
    if (Array.isArray(value)) {
      value.forEach((element, index) => walk(element, `${at}[${index}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'id' && typeof child === 'string' && child.includes(GATEWAY_PATH)) {
          const [gateway, collection, name, ...rest] = child.slice(child.indexOf(GATEWAY_PATH) + GATEWAY_PATH.length).split('/');
          expect(rest).toEqual([]);
          references.push({ at, gateway, collection, name });
        }
        walk(child, `${at}.${key}`);
      }
    }
  };
  walk(body, 'body');
  return references;
}

describe('GmsApplicationGateway with two node groups', () => {
  const { json, body } = synthGateway({ hostNames: ['gms.example.com'], affinityCookieName: 'GmsSticky' });
  const properties = body.properties;

  it('is an azapi_resource of a stable applicationGateways API version that has headerValueMatcher (2023-11-01 or later)', () => {
    const [{ block }] = findApplicationGatewayResources(json);
    const [, version] = block.type.split('@');
    expect(block.type).toBe(`Microsoft.Network/applicationGateways@${APPLICATION_GATEWAY_API_VERSION}`);
    expect(version >= '2023-11-01').toBe(true);
    expect(version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(block).toMatchObject({
      name: 'gms-edge-agw',
      parent_id: EXISTING_RESOURCE_GROUP.id,
      location: 'westeurope',
      identity: { type: 'UserAssigned', identity_ids: [IDENTITY_ID] },
      schema_validation_enabled: true,
      response_export_values: [],
    });
    // retry exists since azapi 2.0, sensitive_body since 2.4, and 2.5 validates a body with unknown values next to it.
    expect(json.terraform).toMatchObject({ required_providers: { azapi: { source: 'Azure/azapi', version: '~> 2.5' } } });
  });

  it('retries the create while the identity\'s fresh Key Vault grant propagates (ARM code ApplicationGatewayKeyVaultSecretAccessDenied), and only then', () => {
    const [{ block }] = findApplicationGatewayResources(json);
    expect(block.retry).toEqual({ error_message_regex: ['ApplicationGatewayKeyVaultSecretAccessDenied', 'Access denied for KeyVault Secret'], interval_seconds: 20, max_interval_seconds: 120 });
    const retried = (message: string): boolean => (block.retry as { error_message_regex: string[] }).error_message_regex.some((pattern) => new RegExp(pattern).test(message));
    // The error azapi reports: the operation's ARM body, with the detail code inside the wrapper.
    expect(retried('{"status":"Failed","error":{"code":"ApplicationGatewayKeyVaultSecretException","message":"Problem occured while accessing and validating KeyVault Secrets associated with Application Gateway","details":[{"code":"ApplicationGatewayKeyVaultSecretAccessDenied","message":"Access denied for KeyVault Secret \'https://v.vault.azure.net/secrets/gms-tls\' for Application Gateway"}]}}')).toBe(true);
    expect(retried('{"error":{"code":"ApplicationGatewayKeyVaultSecretException","details":[{"code":"ApplicationGatewayKeyVaultSecretNotFound"}]}}')).toBe(false);
    expect(block.sensitive_body).toBeUndefined();
  });

  it('autoscales across three zones, with HTTP/2 and the AppGwSslPolicy20220101S TLS policy, Standard_v2 without a WAF policy', () => {
    expect(body.zones).toEqual(['1', '2', '3']);
    expect(properties.autoscaleConfiguration).toEqual({ minCapacity: 2, maxCapacity: 10 });
    expect(properties.enableHttp2).toBe(true);
    expect(properties.sslPolicy).toEqual({ policyType: 'Predefined', policyName: 'AppGwSslPolicy20220101S' });
    expect(properties.sku).toEqual({ name: 'Standard_v2', tier: 'Standard_v2' });
    expect(properties.firewallPolicy).toBeUndefined();
    expect(properties.gatewayIPConfigurations).toEqual([{ name: 'gateway-ip', properties: { subnet: { id: SUBNET_ID } } }]);
    expect(properties.frontendIPConfigurations).toEqual([{ name: 'frontend-public', properties: { publicIPAddress: { id: PUBLIC_IP_ID } } }]);
  });

  it('terminates TLS on 443 with the versionless Key Vault certificate, for the given host names with SNI', () => {
    expect(properties.sslCertificates).toEqual([{ name: 'tls-certificate', properties: { keyVaultSecretId: SECRET_ID } }]);
    const https = named(properties.httpListeners, 'listener-https').properties;
    expect(https.protocol).toBe('Https');
    expect(https.hostNames).toEqual(['gms.example.com']);
    expect(https.requireServerNameIndication).toBe(true);
    expect(https.frontendPort.id).toMatch(/\/frontendPorts\/port-443$/);
    expect(named(properties.frontendPorts, 'port-443').properties.port).toBe(443);
  });

  it('listens on HTTP only to redirect permanently to HTTPS, keeping path and query', () => {
    const http = named(properties.httpListeners, 'listener-http').properties;
    expect(http.protocol).toBe('Http');
    expect(named(properties.frontendPorts, 'port-80').properties.port).toBe(80);
    const rule = properties.requestRoutingRules.find((candidate) => candidate.properties.httpListener.id.endsWith('/httpListeners/listener-http'));
    expect(rule?.properties).toEqual({
      ruleType: 'Basic',
      priority: 101,
      httpListener: { id: expect.stringMatching(/\/listener-http$/) },
      redirectConfiguration: { id: expect.stringMatching(/\/redirectConfigurations\/redirect-http-to-https$/) },
    });
    expect(properties.redirectConfigurations).toEqual([{
      name: 'redirect-http-to-https',
      properties: { redirectType: 'Permanent', targetListener: { id: expect.stringMatching(/\/httpListeners\/listener-https$/) }, includePath: true, includeQueryString: true },
    }]);
  });

  it('has a backend pool per node group, by IP address or FQDN, and an empty pool for unpublished paths', () => {
    expect(properties.backendAddressPools).toEqual([
      { name: 'pool-chat', properties: { backendAddresses: [{ ipAddress: '10.0.1.4' }, { ipAddress: '10.0.1.5' }] } },
      { name: 'pool-cometd', properties: { backendAddresses: [{ fqdn: 'gms-a.internal.example' }, { fqdn: 'gms-b.internal.example' }] } },
      { name: 'pool-not-published', properties: { backendAddresses: [] } },
    ]);
  });

  it('sends plain HTTP to port 8080 with cookie affinity (a custom cookie name per group), a 60 s request timeout and connection draining', () => {
    for (const group of ['chat', 'cometd']) {
      const settings = named(properties.backendHttpSettingsCollection, `settings-${group}`).properties;
      expect(settings).toMatchObject({
        protocol: 'Http',
        port: 8080,
        cookieBasedAffinity: 'Enabled',
        affinityCookieName: `GmsSticky-${group}`,
        requestTimeout: 60,
        connectionDraining: { enabled: true, drainTimeoutInSec: 60 },
        probe: { id: expect.stringMatching(new RegExp(`/probes/probe-${group}$`)) },
      });
    }
    expect(named(properties.backendHttpSettingsCollection, 'settings-chat').properties.pickHostNameFromBackendAddress).toBe(false);
    expect(named(properties.backendHttpSettingsCollection, 'settings-cometd').properties.pickHostNameFromBackendAddress).toBe(true);
  });

  it('probes the GMS get service health (200; 503 when OFFLINE), with a host for IP backends and the backend name for FQDN backends', () => {
    expect(named(properties.probes, 'probe-chat').properties).toEqual({
      protocol: 'Http', path: '/genesys/1/service/health', host: 'localhost', pickHostNameFromBackendHttpSettings: false,
      interval: 15, timeout: 10, unhealthyThreshold: 3, match: { statusCodes: ['200'] },
    });
    const fqdnProbe = named(properties.probes, 'probe-cometd').properties;
    expect(fqdnProbe.host).toBeUndefined();
    expect(fqdnProbe.pickHostNameFromBackendHttpSettings).toBe(true);
  });

  it('routes by URL path map: a path rule per other group, the published paths to the default group, everything else to the empty pool', () => {
    const https = named(properties.requestRoutingRules, 'rule-https').properties;
    expect(https).toMatchObject({ ruleType: 'PathBasedRouting', priority: 100, urlPathMap: { id: expect.stringMatching(/\/urlPathMaps\/paths-gms$/) } });
    const pathMap = named(properties.urlPathMaps, 'paths-gms').properties;
    expect(pathMap.defaultBackendAddressPool.id).toMatch(/\/pool-not-published$/);
    expect(pathMap.defaultBackendHttpSettings.id).toMatch(/\/settings-chat$/);
    expect(pathMap.pathRules[1]).toEqual({
      name: 'path-published',
      properties: {
        // The cometd group's rule lists the CometD paths already.
        paths: ['/genesys/2/chat/*', '/genesys/2/chat-ntf', '/genesys/2/chat-ntf/*'],
        backendAddressPool: { id: expect.stringMatching(/\/pool-chat$/) },
        backendHttpSettings: { id: expect.stringMatching(/\/settings-chat$/) },
        rewriteRuleSet: { id: expect.stringMatching(/\/rewriteRuleSets\/partitioned-cookies$/) },
      },
    });
    expect(pathMap.pathRules.slice(0, 1)).toEqual([{
      name: 'path-cometd',
      properties: {
        paths: ['/genesys/cometd', '/genesys/cometd/*'],
        backendAddressPool: { id: expect.stringMatching(/\/pool-cometd$/) },
        backendHttpSettings: { id: expect.stringMatching(/\/settings-cometd$/) },
        rewriteRuleSet: { id: expect.stringMatching(/\/rewriteRuleSets\/partitioned-cookies$/) },
      },
    }]);
  });

  it('attaches the partitioned-cookie rewrite rule set to every rule and path rule that reaches GMS', () => {
    const ruleSetId = expect.stringMatching(/\/rewriteRuleSets\/partitioned-cookies$/);
    const pathMap = named(properties.urlPathMaps, 'paths-gms').properties;
    expect(pathMap.defaultRewriteRuleSet).toEqual({ id: ruleSetId });
    for (const pathRule of pathMap.pathRules) {
      expect(pathRule.properties.rewriteRuleSet).toEqual({ id: ruleSetId });
    }
    for (const rule of properties.requestRoutingRules) {
      const reachesGms = rule.properties.redirectConfiguration === undefined;
      expect(rule.properties.rewriteRuleSet !== undefined || rule.properties.urlPathMap !== undefined || !reachesGms).toBe(true);
    }
    expect(properties.rewriteRuleSets.map((ruleSet) => ruleSet.name)).toEqual(['partitioned-cookies']);
  });

  it('rewrites the GMS cookies and each group\'s affinity cookie with its CORS companion, one headerValueMatcher each, selecting exactly that name', () => {
    const rules = properties.rewriteRuleSets[0].properties.rewriteRules.filter((rule) => rule.name !== APP_GATEWAY_RESPONSE_HEADERS_RULE);
    const names = ['BAYEUX_BROWSER', 'JSESSIONID', 'GmsSticky-chat', 'GmsSticky-chatCORS', 'GmsSticky-cometd', 'GmsSticky-cometdCORS'];
    expect(rules).toHaveLength(names.length);
    const candidates = [...names, 'GmsSticky', 'GmsStickyCORS', 'gmssticky-chat', 'GmsSticky-chatCORSX', 'XBAYEUX_BROWSER'];
    rules.forEach((rule, index) => {
      const matcher = rule.actionSet.responseHeaderConfigurations[0].headerValueMatcher;
      expect(matcher).toBeDefined();
      const pattern = RE2JS.compile(matcher?.pattern ?? '');
      // Run under RE2: the pattern selects its own cookie and no other, not even a longer or shorter name.
      expect(candidates.filter((name) => pattern.matcher(`${name}=v; Path=/`).find())).toEqual([names[index]]);
    });
  });

  it('keeps each group\'s affinity cookie through a multi-cookie response, and leaves an untargeted cookie byte-identical', () => {
    const ruleSet = routeRequest(body, { path: '/genesys/cometd/connect' }).rewriteRuleSet;
    expect(ruleSet).toBeDefined();
    const setCookies = ['GmsSticky-cometd=1a2b; Path=/', 'GmsSticky-cometdCORS=1a2b; Path=/; SameSite=None; Secure', 'foo=bar; Path=/', 'BAYEUX_BROWSER=x; HttpOnly', 'GmsSticky-chat=3c4d; Path=/'];
    const out = rewriteSetCookies(ruleSet ?? { name: 'none', properties: { rewriteRules: [] } }, setCookies);
    expect(out.map((header) => parseSetCookie(header)?.name)).toEqual(['GmsSticky-cometd', 'GmsSticky-cometdCORS', 'foo', 'BAYEUX_BROWSER', 'GmsSticky-chat']);
    expect(out[2]).toBe('foo=bar; Path=/');
    for (const index of [0, 1, 3, 4]) {
      expect({ header: out[index], partitioned: isCrossSitePartitioned(parseSetCookie(out[index])) }).toEqual({ header: out[index], partitioned: true });
    }
  });

  it('adds the security headers to every response in one rule without conditions, after the cookie rules, and no X-Frame-Options', () => {
    const rules = properties.rewriteRuleSets[0].properties.rewriteRules;
    const headersRule = rules.find((rule) => rule.name === APP_GATEWAY_RESPONSE_HEADERS_RULE);
    expect(headersRule?.conditions).toEqual([]);
    expect(headersRule?.ruleSequence).toBe(Math.max(...rules.map((rule) => rule.ruleSequence)));
    expect(headersRule?.actionSet.responseHeaderConfigurations).toEqual([
      { headerName: 'Strict-Transport-Security', headerValue: 'max-age=31536000' },
      { headerName: 'X-Content-Type-Options', headerValue: 'nosniff' },
      { headerName: 'Referrer-Policy', headerValue: 'strict-origin-when-cross-origin' },
    ]);
    // The same headers CloudFront sends on AWS, from the one cloud-neutral list.
    expect(headersRule?.actionSet.responseHeaderConfigurations.map((c) => ({ name: c.headerName, value: c.headerValue }))).toEqual(securityResponseHeaders());
    // Run through the emulator: the header rule leaves every Set-Cookie in place.
    const ruleSet = routeRequest(body, { path: '/genesys/cometd/connect' }).rewriteRuleSet;
    const out = rewriteSetCookies(ruleSet ?? { name: 'none', properties: { rewriteRules: [] } }, ['foo=bar; Path=/', 'BAYEUX_BROWSER=x; HttpOnly']);
    expect(out).toHaveLength(2);
    expect(out[0]).toBe('foo=bar; Path=/');
  });

  it('sends CSP frame-ancestors for the listed embedding sites, or no security headers with securityHeaders: false', () => {
    const framed = synthGateway({ securityHeaders: { frameAncestors: ['https://www.example.com'] } }).body.properties.rewriteRuleSets[0].properties.rewriteRules;
    expect(framed.find((rule) => rule.name === APP_GATEWAY_RESPONSE_HEADERS_RULE)?.actionSet.responseHeaderConfigurations).toContainEqual({ headerName: 'Content-Security-Policy', headerValue: 'frame-ancestors https://www.example.com' });
    const none = synthGateway({ securityHeaders: false }).body.properties.rewriteRuleSets[0].properties.rewriteRules;
    expect(none.find((rule) => rule.name === APP_GATEWAY_RESPONSE_HEADERS_RULE)).toBeUndefined();
  });

  it('declares terraform.required_version >= 1.0 without sensitive_body', () => {
    expect((synthGateway().json as unknown as { terraform: { required_version?: string } }).terraform.required_version).toBe('>= 1.0');
  });

  it('gives every routing rule a priority from 1 to 20000, all different', () => {
    const priorities = properties.requestRoutingRules.map((rule) => rule.properties.priority);
    expect(priorities.every((priority) => Number.isInteger(priority) && priority >= 1 && priority <= 20000)).toBe(true);
    expect(new Set(priorities).size).toBe(priorities.length);
  });

  it('has only references that resolve to an element of this gateway (walking the whole body)', () => {
    const references = gatewayReferences(body);
    expect(references.length).toBeGreaterThanOrEqual(15);
    for (const reference of references) {
      expect({ at: reference.at, gateway: reference.gateway }).toEqual({ at: reference.at, gateway: 'gms-edge-agw' });
      const collection = (properties as unknown as Record<string, Array<{ name: string }>>)[reference.collection];
      expect({ at: reference.at, collection: reference.collection, exists: Array.isArray(collection) && collection.some((element) => element.name === reference.name) })
        .toEqual({ at: reference.at, collection: reference.collection, exists: true });
    }
    // And every sub-resource that must be used is: nothing dangles unused.
    const used = new Set(references.map((reference) => `${reference.collection}/${reference.name}`));
    for (const collection of ['frontendPorts', 'backendAddressPools', 'backendHttpSettingsCollection', 'probes', 'httpListeners', 'sslCertificates', 'rewriteRuleSets', 'redirectConfigurations', 'urlPathMaps'] as const) {
      for (const element of properties[collection] as Array<{ name: string }>) {
        expect(used).toContain(`${collection}/${element.name}`);
      }
    }
  });

  it('puts no Terraform interpolation sequence into the rewrite patterns or values', () => {
    const text = JSON.stringify(properties.rewriteRuleSets);
    expect(text).not.toMatch(/[$%]\{/);
  });
});

describe('GmsApplicationGateway with one node group', () => {
  const { body } = synthGateway({ nodeGroups: [{ name: 'gms', ipAddresses: ['10.0.1.4'], port: 8081, requestTimeoutSeconds: 120, healthCheck: GmsHealthCheck.custom({ path: '/health', statusCodes: ['200-399'], seesOffline: true }) }], httpToHttpsRedirect: false, routingRulePriority: 500, additionalExposedPaths: ['/*'] });
  const properties = body.properties;

  it('uses one Basic rule with the rewrite rule set and no path map when every path is published', () => {
    expect(properties.requestRoutingRules).toEqual([{
      name: 'rule-https',
      properties: {
        ruleType: 'Basic',
        priority: 500,
        httpListener: { id: expect.stringMatching(/\/listener-https$/) },
        backendAddressPool: { id: expect.stringMatching(/\/pool-gms$/) },
        backendHttpSettings: { id: expect.stringMatching(/\/settings-gms$/) },
        rewriteRuleSet: { id: expect.stringMatching(/\/rewriteRuleSets\/partitioned-cookies$/) },
      },
    }]);
    expect(properties.urlPathMaps).toEqual([]);
  });

  it('has no HTTP listener, port 80 or redirect when the redirect is off', () => {
    expect(properties.httpListeners.map((listener) => listener.name)).toEqual(['listener-https']);
    expect(properties.frontendPorts.map((port) => port.properties.port)).toEqual([443]);
    expect(properties.redirectConfigurations).toEqual([]);
  });

  it('takes the port, timeout and probe given, and matches no body on a custom probe path', () => {
    expect(properties.backendHttpSettingsCollection[0].properties).toMatchObject({ port: 8081, requestTimeout: 120 });
    expect(properties.probes[0].properties.match).toEqual({ statusCodes: ['200-399'] });
    expect(properties.probes[0].properties.path).toBe('/health');
  });
});

describe('GmsApplicationGateway options', () => {
  it('becomes WAF_v2 with the firewall policy', () => {
    const policyId = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/waf';
    const { body } = synthGateway({ firewallPolicyId: policyId });
    expect(body.properties.sku).toEqual({ name: 'WAF_v2', tier: 'WAF_v2' });
    expect(body.properties.firewallPolicy).toEqual({ id: policyId });
  });

  it('takes a PFX certificate without an identity, its data and password only in the write-only sensitive_body', () => {
    const { json, body } = synthGateway({ certificate: { pfxBase64: 'MIIKpAIBAzCCCl4=', pfxPassword: 'secret' }, identityId: undefined });
    const [{ block }] = findApplicationGatewayResources(json);
    expect(body.properties.sslCertificates).toEqual([{ name: 'tls-certificate', properties: {} }]);
    expect(JSON.stringify(block.body)).not.toMatch(/MIIKpAIBAzCCCl4=|secret/);
    // azapi merges it into the body element of the same name.
    expect(block.sensitive_body).toEqual({ properties: { sslCertificates: [{ name: 'tls-certificate', properties: { data: 'MIIKpAIBAzCCCl4=', password: 'secret' } }] } });
    expect(block.identity).toBeUndefined();
    expect(block.retry).toBeUndefined();
  });

  it('keeps the gateway\'s plain affinity cookie name for a single group, and its own for each of several groups', () => {
    const single = synthGateway({ nodeGroups: [{ name: 'gms', ipAddresses: ['10.0.1.4'] }] }).body;
    expect(single.properties.backendHttpSettingsCollection[0].properties.affinityCookieName).toBeUndefined();
    expect(single.properties.rewriteRuleSets[0].properties.rewriteRules.map((rule) => rule.name)).toEqual([
      'partition-1-BAYEUX_BROWSER', 'partition-2-JSESSIONID', 'partition-3-ApplicationGatewayAffinity', 'partition-4-ApplicationGatewayAffinityCORS', APP_GATEWAY_RESPONSE_HEADERS_RULE,
    ]);
    const several = synthGateway({ nodeGroups: [TWO_GROUPS[0], { ...TWO_GROUPS[1], affinityCookieName: 'ApplicationGatewayAffinity' }] });
    expect(several.body.properties.backendHttpSettingsCollection.map((settings) => settings.properties.affinityCookieName)).toEqual(['ApplicationGatewayAffinity-chat', 'ApplicationGatewayAffinity']);
    const gateway = (() => {
      let created: GmsApplicationGateway | undefined;
      synthesize((stack) => {
        created = new GmsApplicationGateway(stack, 'Gateway', baseProps());
      });
      return created as GmsApplicationGateway;
    })();
    expect(gateway.affinityCookieNames).toEqual({ chat: 'ApplicationGatewayAffinity-chat', cometd: 'ApplicationGatewayAffinity-cometd' });
    expect(gateway.partitionedCookieNames).toEqual(['BAYEUX_BROWSER', 'JSESSIONID', 'ApplicationGatewayAffinity-chat', 'ApplicationGatewayAffinity-chatCORS', 'ApplicationGatewayAffinity-cometd', 'ApplicationGatewayAffinity-cometdCORS']);
  });

  it('rewrites the affinity cookies even when the policy lists only BAYEUX_BROWSER', () => {
    const { body } = synthGateway({ cookiePolicy: { cookieNames: ['BAYEUX_BROWSER'] } });
    const ruleSet = routeRequest(body, { path: '/genesys/cometd/connect' }).rewriteRuleSet;
    const out = rewriteSetCookies(ruleSet ?? { name: 'none', properties: { rewriteRules: [] } }, ['ApplicationGatewayAffinity-cometd=1; Path=/', 'ApplicationGatewayAffinity-cometdCORS=1; Path=/; SameSite=None; Secure', 'BAYEUX_BROWSER=x']);
    expect(out.map((header) => isCrossSitePartitioned(parseSetCookie(header)))).toEqual([true, true, true]);
  });

  it('turns affinity off, and then does not rewrite affinity cookies', () => {
    const { body } = synthGateway({ cookieBasedAffinity: false });
    expect(body.properties.backendHttpSettingsCollection.every((settings) => settings.properties.cookieBasedAffinity === 'Disabled')).toBe(true);
    expect(body.properties.rewriteRuleSets[0].properties.rewriteRules.map((rule) => rule.name)).toEqual(['partition-1-BAYEUX_BROWSER', 'partition-2-JSESSIONID', APP_GATEWAY_RESPONSE_HEADERS_RULE]);
  });

  it('uses the zones, autoscale and TLS policy given', () => {
    const { body } = synthGateway({ zones: ['1', '2'], autoscale: { minCapacity: 0, maxCapacity: 3 }, sslPolicyName: 'AppGwSslPolicy20220101', enableHttp2: false });
    expect(body.zones).toEqual(['1', '2']);
    expect(body.properties.autoscaleConfiguration).toEqual({ minCapacity: 0, maxCapacity: 3 });
    expect(body.properties.sslPolicy.policyName).toBe('AppGwSslPolicy20220101');
    expect(body.properties.enableHttp2).toBe(false);
  });
});

describe('GmsApplicationGateway warnings', () => {
  function warningsOf(overrides: Partial<GmsApplicationGatewayProps>, acknowledge?: (stack: TerraformStack, gateway: GmsApplicationGateway) => void): string[] {
    let warnings: string[] = [];
    synthesize((stack) => {
      const gateway = new GmsApplicationGateway(stack, 'Gateway', baseProps(overrides));
      acknowledge?.(stack, gateway);
      warnings = gateway.node.metadata.filter((entry) => entry.type === '@cdktf/warn').map((entry) => String(entry.data));
    });
    return warnings;
  }
  const SHORT_TIMEOUT: Partial<GmsApplicationGatewayProps> = { nodeGroups: [{ name: 'x', ipAddresses: ['10.0.0.1'], requestTimeoutSeconds: 30 }] };

  it('warns when a request timeout would cut CometD long polls (30 s), with the id AWS uses for the same risk', () => {
    expect(warningsOf(SHORT_TIMEOUT))
      .toEqual([expect.stringMatching(/^nodeGroups\[0\] \(x\).requestTimeoutSeconds is 30: CometD holds a long poll for 30 s.* \[ack: gms-edge-constructs:readTimeoutNotAboveLongPoll\]$/)]);
    expect(warningsOf({ nodeGroups: [{ name: 'x', ipAddresses: ['10.0.0.1'], requestTimeoutSeconds: 31 }] })).toEqual([]);
  });

  it('warns that a PFX certificate needs Terraform 1.11 for the write-only sensitive_body, and that literals stay in cdk.tf.json', () => {
    expect(warningsOf({ certificate: { pfxBase64: 'AAAA', pfxPassword: 'x' }, identityId: undefined }))
      .toEqual([expect.stringMatching(/write-only sensitive_body \(needs Terraform 1\.11 or later\), so they stay out of the plan and the state; given as literals they are still written into cdk\.tf\.json.*Prefer a Key Vault certificate.* \[ack: gms-edge-constructs:pfxCertificate\]$/)]);
  });

  it('warns that stickiness breaks when the policy explicitly excludes an affinity cookie', () => {
    expect(warningsOf({ cookiePolicy: { excludeCookieNames: ['ApplicationGatewayAffinity*'] } }))
      .toEqual([expect.stringMatching(/excludeCookieNames excludes the affinity cookie\(s\) ApplicationGatewayAffinity-chat, ApplicationGatewayAffinity-chatCORS, ApplicationGatewayAffinity-cometd, ApplicationGatewayAffinity-cometdCORS while cookieBasedAffinity is on: .*CometD loses its session.* \[ack: gms-edge-constructs:affinityCookieNotPartitioned\]$/)]);
    expect(warningsOf({ cookiePolicy: { cookieNames: ['BAYEUX_BROWSER'] } })).toEqual([]);
  });

  it('drops a warning acknowledged by id after the construct, on the construct or an ancestor, and keeps others', () => {
    expect(warningsOf(SHORT_TIMEOUT, (_stack, gateway) => acknowledgeWarning(gateway, 'gms-edge-constructs:readTimeoutNotAboveLongPoll'))).toEqual([]);
    expect(warningsOf(SHORT_TIMEOUT, (stack) => acknowledgeWarning(stack, 'gms-edge-constructs:readTimeoutNotAboveLongPoll'))).toEqual([]);
    expect(warningsOf(SHORT_TIMEOUT, (stack) => acknowledgeWarning(stack, 'gms-edge-constructs:pfxCertificate'))).toHaveLength(1);
  });

  it('does not add a warning acknowledged before the construct, or in the app context', () => {
    const acknowledgedFirst = synthesizeWarnings((stack) => acknowledgeWarning(stack, 'gms-edge-constructs:readTimeoutNotAboveLongPoll'));
    expect(acknowledgedFirst).toEqual([]);
    const app = Testing.app({ context: { [ACKNOWLEDGED_WARNINGS_CONTEXT_KEY]: ['gms-edge-constructs:readTimeoutNotAboveLongPoll'] } });
    const gateway = new GmsApplicationGateway(new TerraformStack(app, 'test'), 'Gateway', baseProps(SHORT_TIMEOUT));
    expect(gateway.node.metadata.filter((entry) => entry.type === '@cdktf/warn')).toEqual([]);

    function synthesizeWarnings(before: (stack: TerraformStack) => void): string[] {
      const stack = new TerraformStack(Testing.app(), 'test');
      before(stack);
      const constructed = new GmsApplicationGateway(stack, 'Gateway', baseProps(SHORT_TIMEOUT));
      return constructed.node.metadata.filter((entry) => entry.type === '@cdktf/warn').map((entry) => String(entry.data));
    }
  });
});

describe('GmsApplicationGateway errors', () => {
  it('name the construct by path, so two gateways can be told apart', () => {
    expect(() => synthGateway({ nodeGroups: [{ name: 'x', ipAddresses: ['10.0.0.1'], port: 0 }] }))
      .toThrow(/^test\/Gateway: nodeGroups\[0\].port must be an integer from 1 to 65535, got 0$/);
  });
});

describe('GmsApplicationGateway validation', () => {
  const cases: Array<[string, Partial<GmsApplicationGatewayProps>, RegExp]> = [
    ['no node groups', { nodeGroups: [] }, /nodeGroups must list at least one group of GMS nodes/],
    ['two default groups', { nodeGroups: [{ ...TWO_GROUPS[0] }, { ...TWO_GROUPS[1], isDefault: true }] }, /exactly one default group \(isDefault: true\), found 2 \(chat, cometd\)/],
    ['no default among several', { nodeGroups: [{ ...TWO_GROUPS[0], isDefault: false }, TWO_GROUPS[1]] }, /exactly one default group \(isDefault: true\), found 0/],
    ['a non-default group without paths', { nodeGroups: [TWO_GROUPS[0], { name: 'b', ipAddresses: ['10.0.0.9'] }] }, /nodeGroups\[1\] \(b\) needs pathPatterns/],
    ['a path claimed twice', { nodeGroups: [{ ...TWO_GROUPS[0], pathPatterns: ['/genesys/cometd/*'] }, TWO_GROUPS[1]] }, /nodeGroups\[1\].pathPatterns\[1\] "\/genesys\/cometd\/\*" is also a path of group chat/],
    ['a bad path pattern', { nodeGroups: [TWO_GROUPS[0], { ...TWO_GROUPS[1], pathPatterns: ['/genesys*/x'] }] }, /pathPatterns\[0\] "\/genesys\*\/x" is not an Application Gateway path pattern/],
    ['duplicate group names', { nodeGroups: [TWO_GROUPS[0], { ...TWO_GROUPS[1], name: 'chat' }] }, /nodeGroups\[1\].name "chat" is used by two groups/],
    ['a bad group name', { nodeGroups: [{ ...TWO_GROUPS[0], name: 'chat nodes' }] }, /nodeGroups\[0\].name must be 1-40 letters, digits or '-'/],
    ['IPs and FQDNs in one group', { nodeGroups: [{ name: 'x', ipAddresses: ['10.0.0.1'], fqdns: ['a.example'] }] }, /nodeGroups\[0\] \(x\) needs either ipAddresses or fqdns/],
    ['a group without nodes', { nodeGroups: [{ name: 'x', ipAddresses: [] }] }, /needs either ipAddresses or fqdns \(one kind per group\), with at least one node/],
    ['a bad IP', { nodeGroups: [{ name: 'x', ipAddresses: ['10.0.0.256'] }] }, /nodeGroups\[0\].ipAddresses\[0\] "10.0.0.256" is not an IPv4 address/],
    ['port 0', { nodeGroups: [{ name: 'x', ipAddresses: ['10.0.0.1'], port: 0 }] }, /nodeGroups\[0\].port must be an integer from 1 to 65535, got 0/],
    ['port 65536', { nodeGroups: [{ name: 'x', ipAddresses: ['10.0.0.1'], port: 65536 }] }, /nodeGroups\[0\].port must be an integer from 1 to 65535, got 65536/],
    ['a request timeout of 0', { nodeGroups: [{ name: 'x', ipAddresses: ['10.0.0.1'], requestTimeoutSeconds: 0 }] }, /requestTimeoutSeconds must be an integer from 1 to 86400 seconds, got 0/],
    ['a drain timeout over an hour', { nodeGroups: [{ name: 'x', ipAddresses: ['10.0.0.1'], deregistrationDelaySeconds: 3601 }] }, /deregistrationDelaySeconds must be an integer from 1 to 3600 seconds, got 3601/],
    ['bad probe status codes', { nodeGroups: [{ name: 'x', ipAddresses: ['10.0.0.1'], healthCheck: GmsHealthCheck.custom({ path: '/x', statusCodes: ['2xx'] }) }] }, /nodeGroups\[0\].healthCheck statusCodes must be HTTP codes or ranges from 100 to 599 on Application Gateway/],
    ['a probe threshold of 21', { nodeGroups: [{ name: 'x', ipAddresses: ['10.0.0.1'], healthCheckTiming: { unhealthyThreshold: 21 } }] }, /healthCheckTiming.unhealthyThreshold must be an integer from 1 to 20, got 21/],
    ['autoscale max below min', { autoscale: { minCapacity: 5, maxCapacity: 3 } }, /autoscale.maxCapacity \(3\) must be at least autoscale.minCapacity \(5\)/],
    ['autoscale min of 126', { autoscale: { minCapacity: 126, maxCapacity: 126 } }, /autoscale.minCapacity must be an integer from 0 to 125, got 126/],
    ['priority 20000 (the redirect needs the next one)', { routingRulePriority: 20000 }, /routingRulePriority must be an integer from 1 to 19999, got 20000/],
    ['zone 4', { zones: ['1', '4'] }, /zones must be distinct values among "1", "2" and "3"/],
    ['a retired TLS policy', { sslPolicyName: 'AppGwSslPolicy20150501' as never }, /sslPolicyName must be AppGwSslPolicy20220101S or AppGwSslPolicy20220101/],
    ['a certificate with both inputs', { certificate: { keyVaultSecretId: SECRET_ID, pfxBase64: 'AAAA', pfxPassword: 'x' } }, /certificate needs exactly one of keyVaultSecretId \(recommended\) or pfxBase64 with pfxPassword/],
    ['a versioned Key Vault secret id', { certificate: { keyVaultSecretId: `${SECRET_ID}/0123456789abcdef0123456789abcdef` } }, /certificate.keyVaultSecretId must be a versionless Key Vault secret id/],
    ['a Key Vault certificate without identity', { identityId: undefined }, /a Key Vault certificate needs identityId/],
    ['a PFX without password', { certificate: { pfxBase64: 'AAAA', pfxPassword: '' } }, /certificate.pfxPassword is required with pfxBase64/],
    ['a PFX that is not base64', { certificate: { pfxBase64: 'not base64!', pfxPassword: 'x' } }, /certificate.pfxBase64 must be the PFX file encoded in base64/],
    ['an affinity cookie name without affinity', { cookieBasedAffinity: false, affinityCookieName: 'Sticky' }, /affinityCookieName "Sticky" must be a cookie name \(RFC 6265 token characters\), and needs cookieBasedAffinity/],
    ['a gateway name with spaces', { name: 'my gateway' }, /name must be a literal of 1-80 letters/],
    ['six host names on one listener', { hostNames: ['a.example.com', 'b.example.com', 'c.example.com', 'd.example.com', 'e.example.com', 'f.example.com'] }, /test\/Gateway: hostNames lists 6 host names; an Application Gateway listener takes 1 to 5 \(use a wildcard such as \*\.example\.com\)/],
    ['a region without availability zones and no zones set', { resourceGroup: { ...EXISTING_RESOURCE_GROUP, location: 'westcentralus' } }, /test\/Gateway: zones must be set for location "westcentralus", which has no availability zones in Microsoft's list/],
    ['more than 40 header configurations with the security headers', { additionalCookieNames: Array.from({ length: 32 }, (_, index) => `c${index}`) }, /needs 41 header configurations .*; and 3 security headers\)/],
    ['more than 40 cookies', { additionalCookieNames: Array.from({ length: 35 }, (_, index) => `c${index}`) }, /needs 44 header configurations .* of which 4 for the affinity cookies and their CORS companions of 2 node group\(s\); Application Gateway allows at most 40 per rewrite rule set/],
    ['too many node groups for their affinity cookies', { nodeGroups: [TWO_GROUPS[0], ...Array.from({ length: 19 }, (_, index) => ({ name: `g${index}`, pathPatterns: [`/g${index}/*`], ipAddresses: ['10.0.0.9'] }))] }, /needs 45 header configurations .* of which 40 for the affinity cookies and their CORS companions of 20 node group\(s\); Application Gateway allows at most 40/],
    ['a group affinity cookie name that is not a cookie name', { nodeGroups: [TWO_GROUPS[0], { ...TWO_GROUPS[1], affinityCookieName: 'sticky cookie' }] }, /nodeGroups\[1\].affinityCookieName "sticky cookie" must be a cookie name \(RFC 6265 token characters\)/],
    ['two groups with one affinity cookie name', { nodeGroups: [{ ...TWO_GROUPS[0], affinityCookieName: 'Sticky' }, { ...TWO_GROUPS[1], affinityCookieName: 'Sticky' }] }, /nodeGroups\[1\].affinityCookieName "Sticky" makes the gateway set cookie Sticky, which is also the affinity cookie \(or its CORS companion\) of group chat; every node group needs an affinity cookie of its own/],
    ['an affinity cookie that is another group\'s CORS companion', { nodeGroups: [{ ...TWO_GROUPS[0], affinityCookieName: 'Sticky' }, { ...TWO_GROUPS[1], affinityCookieName: 'StickyCORS' }] }, /makes the gateway set cookie StickyCORS, which is also the affinity cookie/],
    ['an affinity cookie named like a GMS cookie', { nodeGroups: [{ ...TWO_GROUPS[0], affinityCookieName: 'JSESSIONID' }, TWO_GROUPS[1]] }, /makes the gateway set cookie JSESSIONID, which GMS sets itself/],
    ['a group affinity cookie without affinity', { cookieBasedAffinity: false, nodeGroups: [{ ...TWO_GROUPS[0], affinityCookieName: 'Sticky' }, TWO_GROUPS[1]] }, /nodeGroups\[0\].affinityCookieName "Sticky" needs cookieBasedAffinity/],
  ];

  it.each(cases)('rejects %s with a clear error', (_title, overrides, message) => {
    expect(() => synthGateway(overrides)).toThrow(message);
  });

  it('checks edits made through the body escape hatch at synthesis: references and priorities', () => {
    const edit = (gateway: GmsApplicationGateway): void => {
      const listenerId = gateway.body.properties.requestRoutingRules[0].properties.httpListener.id;
      gateway.body.properties.requestRoutingRules.push({
        name: 'rule-extra',
        properties: {
          ruleType: 'Basic',
          priority: 100,
          httpListener: { id: listenerId },
          backendAddressPool: { id: listenerId.replace(/httpListeners\/.*/, 'backendAddressPools/pool-missing') },
          backendHttpSettings: { id: listenerId.replace(/httpListeners\/.*/, 'backendHttpSettingsCollection/settings-chat') },
        },
      });
    };
    expect(() => synthGateway({}, edit)).toThrow(/requestRoutingRules\[2\].properties.backendAddressPool references backendAddressPools "pool-missing", which does not exist/);
    expect(() => synthGateway({}, edit)).toThrow(/requestRoutingRules\[2\] \(rule-extra\).priority 100 is also the priority of rule-https; priorities must be unique/);
  });

  it('reports a rewrite rule set attached to nothing, and a missing priority', () => {
    expect(() => synthGateway({}, (gateway) => {
      gateway.body.properties.urlPathMaps[0].properties.defaultRewriteRuleSet = undefined;
      for (const pathRule of gateway.body.properties.urlPathMaps[0].properties.pathRules) {
        pathRule.properties.rewriteRuleSet = undefined;
      }
      (gateway.body.properties.requestRoutingRules[1].properties as { priority?: number }).priority = undefined;
    })).toThrow(/priority must be an integer from 1 to 20000 \(required on v2\), got undefined[\s\S]*\(partitioned-cookies\) is attached to no routing rule or path rule/);
  });
});
