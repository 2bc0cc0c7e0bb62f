import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { App, Testing } from 'cdktf';
import { partitionSetCookie } from '../../lib';
import { AZURE_REFERENCE_SETTINGS, GmsEdgeAzureStack } from '../../bin/azure';
import { findApplicationGatewayBody, rewriteSetCookies, routeRequest } from '../support/app-gateway-emulator';
import { isCrossSitePartitioned, parseSetCookie, ParsedSetCookie } from '../support/rfc6265bis';
import { CDK_FLAVOUR, FLAVOUR_SYNTHESIS, normalised, synthesizeReferenceApp, TfJson } from './support';

const ROOT = resolve(__dirname, '..', '..');

/** What a browser stores from a header, without the attribute list (whose bytes may differ). */
function storedCookie(header: string): Partial<ParsedSetCookie> | undefined {
  const parsed = parseSetCookie(header);
  if (parsed === undefined) {
    return undefined;
  }
  const stored: { -readonly [K in keyof ParsedSetCookie]?: ParsedSetCookie[K] } = { ...parsed };
  delete stored.attributes;
  return stored;
}

const AFFINITY = 'ApplicationGatewayAffinity=9f86d081884c7d659a2feaa0c55ad015; Path=/';
const AFFINITY_CORS = 'ApplicationGatewayAffinityCORS=9f86d081884c7d659a2feaa0c55ad015; Path=/; SameSite=None; Secure';
const CHAT_AFFINITY = 'ApplicationGatewayAffinity-chat=5feceb66ffc86f38d952786c6d696c79; Path=/';
const CHAT_AFFINITY_CORS = 'ApplicationGatewayAffinity-chatCORS=5feceb66ffc86f38d952786c6d696c79; Path=/; SameSite=None; Secure';
const BAYEUX = 'BAYEUX_BROWSER=533bkb4ydvdrti9gz9zxs3fgfv; Path=/; HttpOnly';
const JSESSIONID = 'JSESSIONID=node0x4kq9wkc1hdh1c8i4wv5yh9rz2.node0; Path=/genesys; HttpOnly';

const RESPONSES: Array<{ title: string; path: string; setCookies: string[]; statusCode?: number }> = [
  { title: 'a CometD handshake: gateway affinity + CORS + BAYEUX_BROWSER + JSESSIONID', path: '/genesys/cometd/handshake', setCookies: [AFFINITY, AFFINITY_CORS, BAYEUX, JSESSIONID] },
  { title: 'a chat REST call: the chat group\'s affinity pair next to JSESSIONID', path: '/genesys/2/chat/customer-support', setCookies: [CHAT_AFFINITY, CHAT_AFFINITY_CORS, JSESSIONID] },
  { title: 'cookies without Path (cometd-nodejs-server defaults)', path: '/genesys/cometd/handshake', setCookies: [AFFINITY, 'BAYEUX_BROWSER=9f2b6c0d41e8a7735b1c2d3e4f5061728394a5b6; HttpOnly', AFFINITY_CORS] },
  { title: 'SameSite=Lax and SameSite=Strict from the nodes', path: '/genesys/2/chat/customer-support', setCookies: ['JSESSIONID=abc; Path=/genesys; SameSite=Lax; HttpOnly', 'BAYEUX_BROWSER=x; SameSite=Strict', AFFINITY] },
  { title: 'cookies that are already partitioned', path: '/genesys/cometd/connect', setCookies: ['BAYEUX_BROWSER=x; Path=/; SameSite=None; Secure; HttpOnly; Partitioned', `${AFFINITY}; SameSite=None; Secure; Partitioned`] },
  { title: 'deletion cookies', path: '/genesys/2/chat/customer-support/123/disconnect', setCookies: ['JSESSIONID=; Path=/genesys; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'BAYEUX_BROWSER=; Max-Age=0', AFFINITY] },
  { title: 'an error answered by a node (rewrites still run on backend 4xx/5xx)', path: '/genesys/2/chat/customer-support', statusCode: 500, setCookies: [JSESSIONID, AFFINITY, AFFINITY_CORS] },
];

describe('the reference app bin/azure.ts', () => {
  const { json, text, stderr } = synthesizeReferenceApp();
  const body = findApplicationGatewayBody(json);

  it('synthesizes stack gms-edge offline, without credentials: the azapi gateway and the azurerm resources around it', () => {
    expect(Object.keys(json.resource).sort()).toEqual([
      'azapi_resource', 'azurerm_log_analytics_workspace', 'azurerm_monitor_action_group', 'azurerm_monitor_diagnostic_setting',
      'azurerm_monitor_metric_alert', 'azurerm_monitor_scheduled_query_rules_alert_v2', 'azurerm_network_security_group',
      'azurerm_network_security_rule', 'azurerm_portal_dashboard', 'azurerm_public_ip', 'azurerm_resource_group', 'azurerm_role_assignment', 'azurerm_subnet',
      'azurerm_subnet_network_security_group_association', 'azurerm_user_assigned_identity', 'azurerm_virtual_network', 'time_sleep',
    ]);
    // The grant is the certificate's secret only, though the vault URI is only known at apply.
    expect(Object.values(json.resource.azurerm_role_assignment as Record<string, { scope: string }>)[0].scope).toBe('${data.azurerm_key_vault.CertificateVault.id}/secrets/gms-edge-tls');
    expect(Object.keys(json.data ?? {})).toEqual(['azurerm_key_vault']);
    expect(json.output?.partitioned_cookies.value).toEqual([
      'BAYEUX_BROWSER', 'JSESSIONID', 'ApplicationGatewayAffinity-chat', 'ApplicationGatewayAffinity-chatCORS', 'ApplicationGatewayAffinity', 'ApplicationGatewayAffinityCORS',
    ]);
  });

  it('gives each node group its own affinity cookie: chat a suffixed one, cometd the gateway\'s well-known name', () => {
    expect(body.properties.backendHttpSettingsCollection.map((settings) => [settings.name, settings.properties.affinityCookieName]))
      .toEqual([['settings-chat', 'ApplicationGatewayAffinity-chat'], ['settings-cometd', 'ApplicationGatewayAffinity']]);
  });

  it('puts the default nodes outside the gateway\'s VNet, where a peered network can hold them', () => {
    expect(Object.values(json.resource.azurerm_virtual_network)[0].address_space).toEqual(['10.60.0.0/16']);
    expect(body.properties.backendAddressPools.flatMap((pool) => pool.properties.backendAddresses.map((address) => ('ipAddress' in address ? address.ipAddress : address.fqdn))))
      .toEqual(['10.61.1.4', '10.61.1.5', '10.61.1.6', '10.61.1.7']);
  });

  it('says, without failing, that a deployment needs ARM_SUBSCRIPTION_ID (azurerm 4.x), and passes one on when given', () => {
    expect(stderr).toMatch(/ARM_SUBSCRIPTION_ID is not set .* azurerm 4\.x needs a subscription id to plan or deploy \(az login alone is not enough\)/);
    const azurerm = (synthesized: TfJson): unknown => (synthesized.provider as { azurerm?: unknown } | undefined)?.azurerm;
    expect(azurerm(json)).toEqual([expect.not.objectContaining({ subscription_id: expect.anything() })]);
    const withSubscription = synthesizeReferenceApp({ ARM_SUBSCRIPTION_ID: '00000000-0000-0000-0000-000000000001' });
    expect(withSubscription.stderr).not.toMatch(/ARM_SUBSCRIPTION_ID is not set/);
    expect(azurerm(withSubscription.json)).toEqual([expect.objectContaining({ subscription_id: '00000000-0000-0000-0000-000000000001' })]);
  });

  it('has two node groups: chat by default and cometd by path, and refuses unpublished paths', () => {
    expect(body.properties.backendAddressPools.map((pool) => pool.name)).toEqual(['pool-chat', 'pool-cometd', 'pool-not-published']);
    expect(routeRequest(body, { path: '/genesys/1/admin/node/status' }).backendAddressPoolName).toBe('pool-not-published');
    expect(routeRequest(body, { path: '/genesys/cometd/connect' }).backendAddressPoolName).toBe('pool-cometd');
    expect(routeRequest(body, { path: '/genesys/cometd' }).backendAddressPoolName).toBe('pool-cometd');
    expect(routeRequest(body, { path: '/genesys/2/chat/customer-support' }).backendAddressPoolName).toBe('pool-chat');
    expect(routeRequest(body, { path: '/genesys/cometd/connect', protocol: 'Http' }).redirect).toBe(true);
  });

  it('matches the reviewed snapshot (absolute state path and the flavour\'s versions normalised)', () => {
    expect(text).toContain(`${ROOT}/terraform.gms-edge.tfstate`);
    expect(normalised(json)).toMatchSnapshot();
  });

  it(`is synthesized by ${CDK_FLAVOUR}: its version in the metadata, its azurerm bindings' provider version required`, () => {
    const terraform = json.terraform as { required_providers: Record<string, { source: string; version: string }> };
    expect((json['//'] as { metadata: { version: string } }).metadata.version).toBe(FLAVOUR_SYNTHESIS[CDK_FLAVOUR].library);
    expect(terraform.required_providers.azurerm).toEqual({ source: 'azurerm', version: FLAVOUR_SYNTHESIS[CDK_FLAVOUR].azurermProvider });
  });

  describe.each(RESPONSES)('the exact synthesized rewrite rules on $title', ({ path, setCookies, statusCode }) => {
    const route = routeRequest(body, { path });
    const ruleSet = route.rewriteRuleSet;
    if (ruleSet === undefined) {
      throw new Error(`no rewrite rule set on the route of ${path}`);
    }
    const out = rewriteSetCookies(ruleSet, setCookies, { statusCode });

    it('loses no cookie and combines none: the same cookies, one header each, in order', () => {
      expect(out.map((header) => parseSetCookie(header)?.name)).toEqual(setCookies.map((header) => parseSetCookie(header)?.name));
      expect(out.every((header) => !header.includes('\n'))).toBe(true);
    });

    it('makes every cookie partitioned, Secure and SameSite=None', () => {
      for (const header of out) {
        expect({ header, partitioned: isCrossSitePartitioned(parseSetCookie(header)) }).toEqual({ header, partitioned: true });
      }
    });

    it('stores what partitionSetCookie would: same value, Path (an existing one kept), Max-Age, Expires, HttpOnly', () => {
      out.forEach((header, index) => {
        expect(storedCookie(header)).toEqual(storedCookie(partitionSetCookie(setCookies[index])));
      });
    });
  });

  it('attaches no rewrite rule set to the HTTP redirect rule, and rewrites only behind the HTTPS listener', () => {
    const redirectRules = body.properties.requestRoutingRules.filter((rule) => rule.properties.redirectConfiguration !== undefined);
    expect(redirectRules.map((rule) => rule.name)).toEqual(['rule-http-redirect']);
    expect(redirectRules[0].properties).not.toHaveProperty('rewriteRuleSet');
    expect(redirectRules[0].properties).not.toHaveProperty('urlPathMap');
    const ruleSetId = expect.stringMatching(/\/rewriteRuleSets\/partitioned-cookies$/);
    expect(body.properties.urlPathMaps[0].properties.defaultRewriteRuleSet).toEqual({ id: ruleSetId });
    expect(body.properties.urlPathMaps[0].properties.pathRules.map((rule) => rule.properties.rewriteRuleSet)).toEqual([{ id: ruleSetId }, { id: ruleSetId }]);
  });

  it('takes its settings from environment variables', () => {
    const custom = synthesizeReferenceApp({ GMS_AZURE_CHAT_NODES: 'gms1.internal.example', GMS_AZURE_COMETD_NODES: '10.9.0.4', GMS_AZURE_HOST_NAMES: 'gms.example.com', GMS_AZURE_WAF: 'detection', GMS_AZURE_NAME_PREFIX: 'chat', GMS_AZURE_ALERT_EMAILS: 'oncall@example.com, chat-team@example.com' });
    const customBody = findApplicationGatewayBody(custom.json);
    expect(customBody.properties.backendAddressPools[0].properties.backendAddresses).toEqual([{ fqdn: 'gms1.internal.example' }]);
    expect(customBody.properties.backendAddressPools[1].properties.backendAddresses).toEqual([{ ipAddress: '10.9.0.4' }]);
    expect(customBody.properties.httpListeners[0].properties.hostNames).toEqual(['gms.example.com']);
    expect(customBody.properties.sku.name).toBe('WAF_v2');
    expect(Object.values(custom.json.resource.azurerm_resource_group)[0].name).toBe('chat-rg');
    expect(Object.values(custom.json.resource.azurerm_monitor_action_group)[0].email_receiver).toEqual([
      { name: 'email-1', email_address: 'oncall@example.com', use_common_alert_schema: true },
      { name: 'email-2', email_address: 'chat-team@example.com', use_common_alert_schema: true },
    ]);
  });

  it('grants Key Vault access by access policy when GMS_AZURE_KEY_VAULT_PERMISSION_MODEL=accessPolicy, and rejects other models', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'gms-edge-azure-kv-')), context: { 'gms-edge:keyVaultPermissionModel': 'accessPolicy' } });
    const synthesized = JSON.parse(Testing.synth(new GmsEdgeAzureStack(app, 'gms-edge'))) as TfJson;
    expect(Object.keys(synthesized.resource)).toContain('azurerm_key_vault_access_policy');
    expect(Object.keys(synthesized.resource)).not.toContain('azurerm_role_assignment');
    rmSync(app.outdir, { recursive: true, force: true });
    const bad = new App({ outdir: mkdtempSync(join(tmpdir(), 'gms-edge-azure-kv-')), context: { 'gms-edge:keyVaultPermissionModel': 'policies' } });
    expect(() => new GmsEdgeAzureStack(bad, 'gms-edge')).toThrow(/GMS_AZURE_KEY_VAULT_PERMISSION_MODEL: use rbac \(a vault with Azure RBAC\) or accessPolicy \(a vault with access policies\), got "policies"/);
    rmSync(bad.outdir, { recursive: true, force: true });
  });

  it('falls back to the app context, then to the documented defaults', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'gms-edge-azure-ctx-')), context: { 'gms-edge:location': 'northeurope', 'gms-edge:nodePort': 8081 } });
    const stack = new GmsEdgeAzureStack(app, 'gms-edge');
    const synthesized = JSON.parse(Testing.synth(stack)) as TfJson;
    expect(Object.values(synthesized.resource.azurerm_resource_group)[0].location).toBe('northeurope');
    expect(stack.edge.gateway.body.properties.backendHttpSettingsCollection[0].properties.port).toBe(8081);
    expect(AZURE_REFERENCE_SETTINGS.chatNodes.default).toBe('10.61.1.4,10.61.1.5');
    expect(AZURE_REFERENCE_SETTINGS.keyVaultPermissionModel.default).toBe('rbac');
    rmSync(app.outdir, { recursive: true, force: true });
  });
});
