import 'cdktf/lib/testing/adapters/jest';
import { Lazy, Testing } from 'cdktf';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { WebApplicationFirewallPolicy } from '@cdktf/provider-azurerm/lib/web-application-firewall-policy';
import { KeyVaultAccessPolicyA } from '@cdktf/provider-azurerm/lib/key-vault-access-policy';
import { GmsAppGatewayEdge, GmsAppGatewayEdgeProps } from '../../lib/azure';
import { findApplicationGatewayBody, findApplicationGatewayResources } from '../support/app-gateway-emulator';
import {
  EXISTING_RESOURCE_GROUP,
  IDENTITY_ID,
  KEY_VAULT_ID,
  onlyResourceOf,
  PUBLIC_IP_ID,
  resourcesOf,
  SECRET_ID,
  SUBNET_ID,
  synthesize,
  TfJson,
  WAF_POLICY_ID,
  WORKSPACE_ID,
} from './support';

Testing.setupJest();

const NODE_GROUPS: GmsAppGatewayEdgeProps['nodeGroups'] = [
  { name: 'chat', isDefault: true, ipAddresses: ['10.60.1.4', '10.60.1.5'] },
  { name: 'cometd', pathPatterns: ['/genesys/cometd/*'], ipAddresses: ['10.60.1.6'] },
];

function edgeProps(overrides: Partial<GmsAppGatewayEdgeProps> = {}): GmsAppGatewayEdgeProps {
  return {
    location: 'westeurope',
    nodeGroups: NODE_GROUPS,
    certificate: { keyVaultSecretId: SECRET_ID, keyVaultId: KEY_VAULT_ID },
    ...overrides,
  };
}

function synthEdge(overrides: Partial<GmsAppGatewayEdgeProps> = {}): { text: string; json: TfJson } {
  return synthesize((stack) => new GmsAppGatewayEdge(stack, 'Edge', edgeProps(overrides)));
}

function ref(json: TfJson, type: string, attribute = 'id'): string {
  const ids = Object.keys(json.resource[type] ?? {});
  expect(ids).toHaveLength(1);
  return `\${${type}.${ids[0]}.${attribute}}`;
}

describe('GmsAppGatewayEdge with its defaults', () => {
  const { text, json } = synthEdge();
  const gateway = findApplicationGatewayResources(json)[0].block;
  const body = findApplicationGatewayBody(json);

  it('creates the resource group in the location given', () => {
    expect(text).toHaveResourceWithProperties(ResourceGroup, { name: 'gms-edge-rg', location: 'westeurope' });
    expect(gateway.parent_id).toBe(ref(json, 'azurerm_resource_group'));
  });

  it('creates a VNet with a dedicated /24 gateway subnet used by the gateway', () => {
    expect(text).toHaveResourceWithProperties(VirtualNetwork, { name: 'gms-edge-vnet', address_space: ['10.60.0.0/16'] });
    expect(text).toHaveResourceWithProperties(Subnet, { name: 'gms-edge-agw-subnet', address_prefixes: ['10.60.0.0/24'] });
    expect(body.properties.gatewayIPConfigurations[0].properties.subnet.id).toBe(ref(json, 'azurerm_subnet'));
  });

  it('guards the subnet with an NSG allowing GatewayManager 65200-65535, AzureLoadBalancer, 443 and 80 from the Internet, and nothing else', () => {
    const rules = resourcesOf(json, 'azurerm_network_security_rule')
      .map(({ name, priority, direction, access, protocol, source_address_prefix, destination_port_range }) => ({ name, priority, direction, access, protocol, source_address_prefix, destination_port_range }))
      .sort((a, b) => Number(a.priority) - Number(b.priority));
    expect(rules).toEqual([
      { name: 'AllowGatewayManagerInbound', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_address_prefix: 'GatewayManager', destination_port_range: '65200-65535' },
      { name: 'AllowAzureLoadBalancerInbound', priority: 110, direction: 'Inbound', access: 'Allow', protocol: '*', source_address_prefix: 'AzureLoadBalancer', destination_port_range: '*' },
      { name: 'AllowListener443Inbound', priority: 120, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_address_prefix: 'Internet', destination_port_range: '443' },
      { name: 'AllowListener80Inbound', priority: 130, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_address_prefix: 'Internet', destination_port_range: '80' },
      { name: 'DenyAllInbound', priority: 4096, direction: 'Inbound', access: 'Deny', protocol: '*', source_address_prefix: '*', destination_port_range: '*' },
    ]);
    expect(text).toHaveResourceWithProperties(SubnetNetworkSecurityGroupAssociation, {
      subnet_id: ref(json, 'azurerm_subnet'),
      network_security_group_id: ref(json, 'azurerm_network_security_group'),
    });
  });

  it('creates a Standard static public IP across three zones for the frontend', () => {
    expect(text).toHaveResourceWithProperties(PublicIp, { sku: 'Standard', allocation_method: 'Static', zones: ['1', '2', '3'] });
    expect(body.properties.frontendIPConfigurations[0].properties.publicIPAddress?.id).toBe(ref(json, 'azurerm_public_ip'));
  });

  it('gives the gateway a user-assigned identity that may read the certificate\'s secret only (RBAC Key Vault Secrets User at secret scope)', () => {
    expect(text).toHaveResource(UserAssignedIdentity);
    expect(gateway.identity).toEqual({ type: 'UserAssigned', identity_ids: [ref(json, 'azurerm_user_assigned_identity')] });
    expect(text).toHaveResourceWithProperties(RoleAssignment, {
      scope: `${KEY_VAULT_ID}/secrets/gms-tls`,
      role_definition_name: 'Key Vault Secrets User',
      principal_id: ref(json, 'azurerm_user_assigned_identity', 'principal_id'),
      principal_type: 'ServicePrincipal',
    });
    expect(body.properties.sslCertificates[0].properties).toEqual({ keyVaultSecretId: SECRET_ID });
  });

  it('provisions the gateway after the Key Vault grant, the subnet\'s NSG association and every NSG rule (and destroys it before them)', () => {
    const ruleIds = Object.keys(json.resource.azurerm_network_security_rule);
    expect(ruleIds).toHaveLength(5);
    const rules = ruleIds.map((id) => `azurerm_network_security_rule.${id}`);
    expect([...(gateway.depends_on as string[])].sort()).toEqual([
      `azurerm_role_assignment.${Object.keys(json.resource.azurerm_role_assignment)[0]}`,
      `time_sleep.${Object.keys(json.resource.time_sleep)[0]}`,
      `azurerm_subnet_network_security_group_association.${Object.keys(json.resource.azurerm_subnet_network_security_group_association)[0]}`,
      ...rules,
    ].sort());
    // The rules reference only the NSG's name: the association waits for all of them too.
    expect([...(onlyResourceOf(json, 'azurerm_subnet_network_security_group_association').depends_on as string[])].sort()).toEqual([...rules].sort());
  });

  it('retries the gateway create while the fresh Key Vault role assignment propagates', () => {
    expect(gateway.retry).toEqual(expect.objectContaining({ error_message_regex: expect.arrayContaining(['ApplicationGatewayKeyVaultSecretAccessDenied']) }));
  });

  it('waits 10 minutes after the role assignment before the gateway reads the certificate (azapi retry does not cover a failed long-running create)', () => {
    const sleep = onlyResourceOf(json, 'time_sleep');
    expect(sleep).toEqual(expect.objectContaining({ create_duration: '10m', triggers: { grant: ref(json, 'azurerm_role_assignment') } }));
    expect(sleep.depends_on).toEqual([`azurerm_role_assignment.${Object.keys(json.resource.azurerm_role_assignment)[0]}`]);
    const terraform = (json as unknown as { terraform: { required_providers: Record<string, { source: string; version: string }>; required_version?: string } }).terraform;
    expect(terraform.required_providers.time).toEqual({ source: 'hashicorp/time', version: '~> 0.13' });
    expect(terraform.required_providers.azapi.source).toBe('Azure/azapi');
    expect(terraform.required_version).toBe('>= 1.0');
  });

  it('makes the public IP and the gateway zone-redundant in a region with availability zones', () => {
    expect(body.zones).toEqual(['1', '2', '3']);
  });

  it('sends all logs and metrics to a new Log Analytics workspace', () => {
    expect(text).toHaveResourceWithProperties(LogAnalyticsWorkspace, { sku: 'PerGB2018', retention_in_days: 30 });
    expect(text).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      target_resource_id: ref(json, 'azapi_resource'),
      log_analytics_workspace_id: ref(json, 'azurerm_log_analytics_workspace'),
      enabled_log: [{ category_group: 'allLogs' }],
      enabled_metric: [{ category: 'AllMetrics' }],
    });
  });

  it('has no WAF policy and a Standard_v2 gateway', () => {
    expect(text).not.toHaveResource(WebApplicationFirewallPolicy);
    expect(body.properties.sku.name).toBe('Standard_v2');
  });
});

describe('GmsAppGatewayEdge options', () => {
  it('adds a WAF_v2 policy with the Default Rule Set in Prevention mode', () => {
    const { text, json } = synthEdge({ waf: {} });
    expect(text).toHaveResourceWithProperties(WebApplicationFirewallPolicy, {
      policy_settings: { enabled: true, mode: 'Prevention', request_body_check: true },
      managed_rules: { managed_rule_set: [{ type: 'Microsoft_DefaultRuleSet', version: '2.1' }] },
    });
    const body = findApplicationGatewayBody(json);
    expect(body.properties.sku).toEqual({ name: 'WAF_v2', tier: 'WAF_v2' });
    expect(body.properties.firewallPolicy).toEqual({ id: ref(json, 'azurerm_web_application_firewall_policy') });
  });

  it('runs the WAF in Detection mode with OWASP 3.2 when asked, or uses an existing policy', () => {
    const { text } = synthEdge({ waf: { mode: 'Detection', managedRuleSets: [{ type: 'OWASP', version: '3.2' }] } });
    expect(text).toHaveResourceWithProperties(WebApplicationFirewallPolicy, {
      policy_settings: { enabled: true, mode: 'Detection', request_body_check: true },
      managed_rules: { managed_rule_set: [{ type: 'OWASP', version: '3.2' }] },
    });
    const existing = synthEdge({ waf: { existingPolicyId: WAF_POLICY_ID } });
    expect(existing.text).not.toHaveResource(WebApplicationFirewallPolicy);
    expect(findApplicationGatewayBody(existing.json).properties.firewallPolicy).toEqual({ id: WAF_POLICY_ID });
  });

  it('grants Key Vault access by access policy when the vault uses access policies', () => {
    const { text, json } = synthEdge({ certificate: { keyVaultSecretId: SECRET_ID, keyVaultId: KEY_VAULT_ID, keyVaultPermissionModel: 'accessPolicy' } });
    expect(text).not.toHaveResource(RoleAssignment);
    expect(text).toHaveResourceWithProperties(KeyVaultAccessPolicyA, {
      key_vault_id: KEY_VAULT_ID,
      object_id: ref(json, 'azurerm_user_assigned_identity', 'principal_id'),
      tenant_id: ref(json, 'azurerm_user_assigned_identity', 'tenant_id'),
      secret_permissions: ['Get'],
    });
    // The gateway reads the certificate as a secret: no certificate permission.
    expect(onlyResourceOf(json, 'azurerm_key_vault_access_policy').certificate_permissions).toBeUndefined();
    expect(onlyResourceOf(json, 'time_sleep').create_duration).toBe('30s');
  });

  describe('availability zones follow the region', () => {
    it('has none for a region without zones when told so, on the gateway and its public IP', () => {
      const { json } = synthEdge({ location: 'westcentralus', gatewayProps: { zones: [] } });
      expect(findApplicationGatewayBody(json).zones).toBeUndefined();
      expect(onlyResourceOf(json, 'azurerm_public_ip').zones).toEqual([]);
    });
    it('fails clearly for a region without zones when none are set', () => {
      expect(() => synthEdge({ location: 'West Central US' })).toThrow(/test\/Edge: gatewayProps\.zones must be set for location "West Central US", which has no availability zones in Microsoft's list \(AZURE_REGIONS_WITH_AVAILABILITY_ZONES\).*Set zones: \[\] for a gateway without zones/);
    });
    it('takes "Sweden Central" as swedencentral', () => {
      const { json } = synthEdge({ location: 'Sweden Central' });
      expect(onlyResourceOf(json, 'azurerm_public_ip').zones).toEqual(['1', '2', '3']);
    });
  });

  it('waits as long as told after the grant, or not at all', () => {
    expect(onlyResourceOf(synthEdge({ keyVaultGrantPropagationWait: '15m' }).json, 'time_sleep').create_duration).toBe('15m');
    expect(synthEdge({ keyVaultGrantPropagationWait: '0s' }).json.resource.time_sleep).toBeUndefined();
    expect(() => synthEdge({ keyVaultGrantPropagationWait: 'ten minutes' })).toThrow(/test\/Edge: keyVaultGrantPropagationWait must be a duration such as "10m"/);
  });

  it('scopes the role assignment to the vault only when the secret name is not known', () => {
    const { text } = synthEdge({ certificate: { keyVaultSecretId: Lazy.stringValue({ produce: () => SECRET_ID }), keyVaultId: KEY_VAULT_ID } });
    expect(text).toHaveResourceWithProperties(RoleAssignment, { scope: KEY_VAULT_ID });
  });

  it('uses existing resource group, subnet, public IP, identity and workspace without creating them', () => {
    const { text, json } = synthEdge({
      location: undefined,
      existingResourceGroup: EXISTING_RESOURCE_GROUP,
      existingGatewaySubnetId: SUBNET_ID,
      existingPublicIpAddressId: PUBLIC_IP_ID,
      existingIdentity: { id: IDENTITY_ID, principalId: '11111111-1111-1111-1111-111111111111', tenantId: '22222222-2222-2222-2222-222222222222' },
      diagnostics: { logAnalyticsWorkspaceId: WORKSPACE_ID },
    });
    for (const created of [ResourceGroup, VirtualNetwork, Subnet, NetworkSecurityRule, PublicIp, UserAssignedIdentity, LogAnalyticsWorkspace]) {
      expect(text).not.toHaveResource(created);
    }
    const gateway = findApplicationGatewayResources(json)[0].block;
    expect(gateway.parent_id).toBe(EXISTING_RESOURCE_GROUP.id);
    expect(gateway.identity).toEqual({ type: 'UserAssigned', identity_ids: [IDENTITY_ID] });
    const body = findApplicationGatewayBody(json);
    expect(body.properties.gatewayIPConfigurations[0].properties.subnet.id).toBe(SUBNET_ID);
    expect(body.properties.frontendIPConfigurations[0].properties.publicIPAddress?.id).toBe(PUBLIC_IP_ID);
    expect(text).toHaveResourceWithProperties(RoleAssignment, { principal_id: '11111111-1111-1111-1111-111111111111' });
    expect(onlyResourceOf(json, 'azurerm_monitor_diagnostic_setting').log_analytics_workspace_id).toBe(WORKSPACE_ID);
  });

  it('puts the gateway subnet into an existing VNet, and narrows the allowed sources', () => {
    const { text, json } = synthEdge({
      networkProps: { existingVirtualNetwork: { name: 'hub', resourceGroupName: 'rg-net' }, gatewaySubnetPrefix: '10.1.2.0/26', allowedSourceAddressPrefixes: ['203.0.113.0/24', '198.51.100.0/24'] },
      gatewayProps: { httpToHttpsRedirect: false },
    });
    expect(text).not.toHaveResource(VirtualNetwork);
    expect(text).toHaveResourceWithProperties(Subnet, { virtual_network_name: 'hub', resource_group_name: 'rg-net', address_prefixes: ['10.1.2.0/26'] });
    const listenerRules = resourcesOf(json, 'azurerm_network_security_rule').filter((rule) => String(rule.name).startsWith('AllowListener'));
    expect(listenerRules).toEqual([expect.objectContaining({ destination_port_range: '443', source_address_prefixes: ['203.0.113.0/24', '198.51.100.0/24'] })]);
  });

  it('uses a PFX certificate with no identity and no Key Vault grant, the PFX only in the write-only sensitive_body', () => {
    const { text, json } = synthEdge({ certificate: { pfxBase64: 'MIIKpAIBAzCCCl4=', pfxPassword: 'secret' } });
    expect(text).not.toHaveResource(UserAssignedIdentity);
    expect(text).not.toHaveResource(RoleAssignment);
    const block = findApplicationGatewayResources(json)[0].block;
    expect(block.identity).toBeUndefined();
    expect(JSON.stringify(block.body)).not.toContain('MIIKpAIBAzCCCl4=');
    expect(block.sensitive_body).toEqual({ properties: { sslCertificates: [{ name: 'tls-certificate', properties: { data: 'MIIKpAIBAzCCCl4=', password: 'secret' } }] } });
    // sensitive_body is a write-only argument: Terraform 1.11 or later.
    expect((json as unknown as { terraform: { required_version?: string } }).terraform.required_version).toBe('>= 1.11');
  });

  it('gives each node group its own affinity cookie', () => {
    const settings = findApplicationGatewayBody(synthEdge({ affinityCookieName: 'GmsSticky' }).json).properties.backendHttpSettingsCollection;
    expect(settings.map((setting) => setting.properties.affinityCookieName)).toEqual(['GmsSticky-chat', 'GmsSticky-cometd']);
  });

  it('turns diagnostics off when asked', () => {
    const { text } = synthEdge({ diagnostics: { enabled: false } });
    expect(text).not.toHaveResource(MonitorDiagnosticSetting);
    expect(text).not.toHaveResource(LogAnalyticsWorkspace);
  });
});

describe('GmsAppGatewayEdge validation', () => {
  const cases: Array<[string, Partial<GmsAppGatewayEdgeProps>, RegExp]> = [
    ['no location and no resource group', { location: undefined }, /location is required when no existingResourceGroup is given/],
    ['a gateway subnet smaller than /26', { networkProps: { gatewaySubnetPrefix: '10.60.0.0/27' } }, /gatewaySubnetPrefix 10.60.0.0\/27 is smaller than \/26; Application Gateway v2 needs a dedicated subnet of \/26 or larger/],
    ['a gateway subnet outside the address space', { networkProps: { gatewaySubnetPrefix: '10.61.0.0/24' } }, /gatewaySubnetPrefix 10.61.0.0\/24 is not inside addressSpace \["10.60.0.0\/16"\]/],
    ['a subnet prefix that is not CIDR', { networkProps: { gatewaySubnetPrefix: '10.60.0.0' } }, /gatewaySubnetPrefix must be an IPv4 CIDR block/],
    ['networkProps with an existing subnet', { networkProps: {}, existingGatewaySubnetId: SUBNET_ID }, /give networkProps or existingGatewaySubnetId, not both/],
    ['no allowed sources', { networkProps: { allowedSourceAddressPrefixes: [] } }, /allowedSourceAddressPrefixes must not be empty/],
    ['an existing WAF policy with settings', { waf: { existingPolicyId: WAF_POLICY_ID, mode: 'Detection' } }, /waf.mode and waf.managedRuleSets configure a new policy/],
    ['no WAF rule sets', { waf: { managedRuleSets: [] } }, /waf.managedRuleSets must list at least one managed rule set/],
    ['a retention below 30 days', { diagnostics: { retentionInDays: 7 } }, /diagnostics.retentionInDays must be an integer from 30 to 730, got 7/],
    ['a bad name prefix', { namePrefix: 'GMS Edge' }, /namePrefix must be 1-24 lower-case letters, digits or '-'/],
    ['an identity with a PFX', { certificate: { pfxBase64: 'AAAA', pfxPassword: 'x' }, existingIdentity: { id: IDENTITY_ID, principalId: '11111111-1111-1111-1111-111111111111', tenantId: '22222222-2222-2222-2222-222222222222' } }, /existingIdentity is only used with a Key Vault certificate/],
    ['no certificate input', { certificate: {} as never }, /Edge: certificate needs exactly one of keyVaultSecretId/],
    ['no node groups', { nodeGroups: [] }, /nodeGroups must list at least one group of GMS nodes/],
    ['a node address inside the dedicated gateway subnet', { nodeGroups: [NODE_GROUPS[0], { ...NODE_GROUPS[1], ipAddresses: ['10.60.1.6', '10.60.0.200'] }] }, /nodeGroups\[1\] \(cometd\).ipAddresses\[1\] 10.60.0.200 lies inside the gateway subnet 10.60.0.0\/24, which is dedicated to the gateway/],
    ['a node address inside a custom gateway subnet', { networkProps: { addressSpace: ['10.1.0.0/16'], gatewaySubnetPrefix: '10.1.4.0/24' }, nodeGroups: [{ name: 'gms', ipAddresses: ['10.1.4.9'] }] }, /nodeGroups\[0\] \(gms\).ipAddresses\[0\] 10.1.4.9 lies inside the gateway subnet 10.1.4.0\/24/],
  ];

  it.each(cases)('rejects %s with a clear error', (_title, overrides, message) => {
    expect(() => synthEdge(overrides)).toThrow(message);
  });
});
