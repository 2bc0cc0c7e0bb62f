/**
 * Issue #11 on Azure: no bad input synthesizes into something wrong. Each case below synthesized
 * silently (or failed with a message naming no property) before; now it fails naming the
 * property, or warns with a stable id when the input is legal but likely wrong. Legal input,
 * including Terraform tokens where Terraform can take them, stays silent.
 */
import { TerraformStack, TerraformVariable, Token } from 'cdktf';
import {
  GatewayNetwork,
  GatewayNetworkProps,
  GmsAppGatewayEdge,
  GmsAppGatewayEdgeProps,
  GmsApplicationGateway,
  GmsApplicationGatewayProps,
  GmsHealthCheck,
  GmsNodeGroupOptions,
} from '../../lib/azure';
import { findApplicationGatewayBody } from '../support/app-gateway-emulator';
import { EXISTING_RESOURCE_GROUP, IDENTITY_ID, KEY_VAULT_ID, PUBLIC_IP_ID, SECRET_ID, SUBNET_ID, synthesize } from './support';

const TWO_GROUPS: GmsNodeGroupOptions[] = [
  { name: 'chat', isDefault: true, ipAddresses: ['10.0.1.4'] },
  { name: 'cometd', pathPatterns: ['/genesys/cometd', '/genesys/cometd/*'], ipAddresses: ['10.0.1.5'] },
];
const group = (overrides: Partial<GmsNodeGroupOptions>): GmsNodeGroupOptions[] => [{ name: 'x', ipAddresses: ['10.0.0.1'], ...overrides }];
const SUBSCRIPTION = '/subscriptions/00000000-0000-0000-0000-000000000000';

function gatewayProps(overrides: Partial<GmsApplicationGatewayProps> = {}): GmsApplicationGatewayProps {
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

function edgeProps(overrides: Partial<GmsAppGatewayEdgeProps> = {}): GmsAppGatewayEdgeProps {
  return {
    location: 'westeurope',
    nodeGroups: [{ name: 'chat', isDefault: true, ipAddresses: ['10.60.1.4'] }],
    certificate: { keyVaultSecretId: SECRET_ID, keyVaultId: KEY_VAULT_ID },
    monitoring: { alertEmailAddresses: ['oncall@example.com'] },
    ...overrides,
  };
}

function networkProps(overrides: Partial<GatewayNetworkProps> = {}): GatewayNetworkProps {
  return { resourceGroup: EXISTING_RESOURCE_GROUP, ...overrides };
}

type Build = (stack: TerraformStack) => void;
const gateway = (overrides: Partial<GmsApplicationGatewayProps>): Build => (stack) => new GmsApplicationGateway(stack, 'Gateway', gatewayProps(overrides));
const edge = (overrides: Partial<GmsAppGatewayEdgeProps>): Build => (stack) => new GmsAppGatewayEdge(stack, 'Edge', edgeProps(overrides));
const network = (overrides: Partial<GatewayNetworkProps>): Build => (stack) => new GatewayNetwork(stack, 'Network', networkProps(overrides));
const numberVariable = (stack: TerraformStack, name: string): number => Token.asNumber(new TerraformVariable(stack, name, { type: 'number' }).value);

/** Every warning in the stack, as `<construct path>: <message>`. */
function warningsOf(build: Build): string[] {
  const warnings: string[] = [];
  synthesize((stack) => {
    build(stack);
    for (const construct of stack.node.findAll()) {
      for (const entry of construct.node.metadata.filter((metadata) => metadata.type === '@cdktf/warn')) {
        warnings.push(`${construct.node.path}: ${String(entry.data)}`);
      }
    }
  });
  return warnings;
}

describe('Azure validation (issue #11): bad input fails at synthesis, naming the construct and the property', () => {
  const cases: Array<[string, Build, RegExp]> = [
    // Routing that can never be reached: the first listed path that matches wins.
    ['a broad prefix of an earlier group hides a later group\'s path', gateway({ nodeGroups: [
      { name: 'chat', isDefault: true, ipAddresses: ['10.0.1.4'] },
      { name: 'api', pathPatterns: ['/genesys/*'], ipAddresses: ['10.0.1.6'] },
      { name: 'cometd', pathPatterns: ['/genesys/cometd/*'], ipAddresses: ['10.0.1.5'] },
    ] }), /^test\/Gateway: nodeGroups\[2\]\.pathPatterns\[0\] "\/genesys\/cometd\/\*" of group cometd is never reached: Application Gateway takes the first listed path that matches, and nodeGroups\[1\]\.pathPatterns\[0\] "\/genesys\/\*" of group api comes first/],
    ['a prefix hiding a literal path of a later group, in another case', gateway({ nodeGroups: [
      { name: 'chat', isDefault: true, ipAddresses: ['10.0.1.4'] },
      { name: 'api', pathPatterns: ['/Genesys/2/*'], ipAddresses: ['10.0.1.6'] },
      { name: 'chatapi', pathPatterns: ['/genesys/2/chat/customer-support'], ipAddresses: ['10.0.1.5'] },
    ] }), /nodeGroups\[2\]\.pathPatterns\[0\] "\/genesys\/2\/chat\/customer-support" of group chatapi is never reached/],
    ['\'/*\' in a group before another group', gateway({ nodeGroups: [
      { name: 'chat', isDefault: true, ipAddresses: ['10.0.1.4'] },
      { name: 'all', pathPatterns: ['/*'], ipAddresses: ['10.0.1.6'] },
      { name: 'cometd', pathPatterns: ['/genesys/cometd/*'], ipAddresses: ['10.0.1.5'] },
    ] }), /nodeGroups\[2\]\.pathPatterns\[0\] .* is never reached/],
    ['a path listed twice in one group (case-insensitively)', gateway({ nodeGroups: [TWO_GROUPS[0], { ...TWO_GROUPS[1], pathPatterns: ['/genesys/cometd/*', '/Genesys/Cometd/*'] }] }),
      /nodeGroups\[1\]\.pathPatterns\[1\] "\/Genesys\/Cometd\/\*" is listed twice in group cometd \(path rules are case-insensitive\)/],
    // Names ARM takes as one.
    ['two node groups whose names differ only in case', gateway({ nodeGroups: [TWO_GROUPS[0], { ...TWO_GROUPS[1], name: 'Chat' }] }),
      /nodeGroups\[1\]\.name "Chat" differs from group "chat" only in case; Azure resource names are case-insensitive/],
    ['two host names differing only in case', gateway({ hostNames: ['chat.example.com', 'Chat.Example.com'] }), /hostNames\[1\] "Chat\.Example\.com" is also hostNames\[0\]/],
    // Backends.
    ['the same IP twice in a group', gateway({ nodeGroups: group({ ipAddresses: ['10.0.0.1', '10.0.0.1'] }) }), /nodeGroups\[0\]\.ipAddresses\[1\] "10\.0\.0\.1" is also nodeGroups\[0\]\.ipAddresses\[0\]: a node is listed twice in group x/],
    ['the same FQDN twice in a group, in another case', gateway({ nodeGroups: group({ ipAddresses: undefined, fqdns: ['gms-a.internal', 'GMS-A.internal'] }) }), /nodeGroups\[0\]\.fqdns\[1\] "GMS-A\.internal" is also nodeGroups\[0\]\.fqdns\[0\]/],
    ['a loopback node address', gateway({ nodeGroups: group({ ipAddresses: ['127.0.0.1'] }) }), /nodeGroups\[0\]\.ipAddresses\[0\] 127\.0\.0\.1 is a loopback, link-local, multicast or unspecified address/],
    ['the unspecified address as a node', gateway({ nodeGroups: group({ ipAddresses: ['0.0.0.0'] }) }), /nodeGroups\[0\]\.ipAddresses\[0\] 0\.0\.0\.0 is a loopback/],
    ['a pool over 1200 backends', gateway({ nodeGroups: group({ ipAddresses: Array.from({ length: 1201 }, (_, index) => `10.1.${Math.floor(index / 250)}.${(index % 250) + 1}`) }) }), /nodeGroups\[0\] \(x\) lists 1201 nodes; a backend pool takes at most 1200/],
    ['more node groups than the gateway has pools', gateway({ cookieBasedAffinity: false, securityHeaders: false, nodeGroups: [TWO_GROUPS[0], ...Array.from({ length: 99 }, (_, index) => ({ name: `g${index}`, pathPatterns: [`/g${index}/*`], ipAddresses: ['10.0.0.9'] }))] }),
      /nodeGroups lists 100 groups; each takes a backend pool and a backend setting of the gateway, which has at most 100 of each \(one pool more answers unpublished paths\), so at most 99 groups/],
    // Ranges that cannot work with GMS.
    ['a drain timeout shorter than the CometD long-poll hold', gateway({ nodeGroups: group({ deregistrationDelaySeconds: 10 }) }), /nodeGroups\[0\]\.deregistrationDelaySeconds must be at least the CometD long-poll hold \(30 s\) .*; got 10/],
    ['a request timeout over 4 minutes to a public backend', gateway({ nodeGroups: group({ ipAddresses: ['20.50.1.2'], requestTimeoutSeconds: 300 }) }), /nodeGroups\[0\]\.requestTimeoutSeconds must be at most 240 seconds for a backend outside the virtual network \(20\.50\.1\.2 is public/],
    ['probe status codes 500-599 accepted as healthy', gateway({ nodeGroups: group({ healthCheck: GmsHealthCheck.custom({ path: '/x', statusCodes: ['200', '500-599'] }) }) }), /nodeGroups\[0\]\.healthCheck statusCodes \["500-599"\] count server errors as healthy/],
    ['a range of healthy codes reaching into 5xx', gateway({ nodeGroups: group({ healthCheck: GmsHealthCheck.custom({ path: '/x', statusCodes: ['200-503'] }) }) }), /nodeGroups\[0\]\.healthCheck statusCodes \["200-503"\] count server errors as healthy/],
    ['a get service whose online code is 503', gateway({ nodeGroups: group({ healthCheck: GmsHealthCheck.getService('health', { onlineCode: 503, offlineCode: 404 }) }) }), /nodeGroups\[0\]\.healthCheck statusCodes \["503"\] count server errors as healthy/],
    ['a probe body match over 4090 characters', gateway({ nodeGroups: group({ healthCheck: GmsHealthCheck.custom({ path: '/x', bodyContains: 'o'.repeat(4091) }) }) }), /nodeGroups\[0\]\.healthCheck bodyContains must be at most 4090 characters on Application Gateway, got 4091/],
    ['a probe host for FQDN nodes (ignored)', gateway({ nodeGroups: group({ ipAddresses: undefined, fqdns: ['gms-a.internal'], healthCheckHost: 'gms.example.com' }) }), /nodeGroups\[0\]\.healthCheckHost applies to groups of ipAddresses/],
    // Terraform tokens where a number must be known.
    ['a token routing-rule priority', (stack) => new GmsApplicationGateway(stack, 'Gateway', gatewayProps({ routingRulePriority: numberVariable(stack, 'priority') })),
      /^test\/Gateway: routingRulePriority must be a number known at synthesis, not a Terraform token: the HTTP redirect rule takes the next priority$/],
    // Resource ids of the wrong type.
    ['a virtual network id as the gateway subnet', gateway({ gatewaySubnetId: `${SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet` }), /gatewaySubnetId must be the resource id of a Microsoft\.Network\/virtualNetworks\/subnets, \/subscriptions\/<subscription id>\/resourceGroups\/<group>\/providers\/Microsoft\.Network\/virtualNetworks\/<name>\/subnets\/<name>, got/],
    ['a public IP given by address', gateway({ publicIpAddressId: '20.50.1.2' }), /publicIpAddressId must be the resource id of a Microsoft\.Network\/publicIPAddresses/],
    ['an identity client id as the identity', gateway({ identityId: '11111111-2222-3333-4444-555555555555' }), /identityId must be the resource id of a Microsoft\.ManagedIdentity\/userAssignedIdentities/],
    ['a Front Door WAF policy id', gateway({ firewallPolicyId: `${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Network/FrontDoorWebApplicationFirewallPolicies/waf` }), /firewallPolicyId must be the resource id of a Microsoft\.Network\/ApplicationGatewayWebApplicationFirewallPolicies/],
    ['a resource group given by name as its id', gateway({ resourceGroup: { ...EXISTING_RESOURCE_GROUP, id: 'rg-gms' } }), /resourceGroup\.id must be \/subscriptions\/<subscription id>\/resourceGroups\/<name>, got "rg-gms"/],
    // Regions.
    ['an AWS region as the location', gateway({ resourceGroup: { ...EXISTING_RESOURCE_GROUP, location: 'eu-west-1' } }), /resourceGroup\.location "eu-west-1" is an AWS region name; give an Azure region/],
    ['a misspelt region without zones set', gateway({ resourceGroup: { ...EXISTING_RESOURCE_GROUP, location: 'westeurpoe' } }), /zones must be set for location "westeurpoe", .* \("westeurpoe" is not an Azure region of Microsoft's list at all: check its spelling first\)$/],
    ['a location with punctuation', edge({ location: 'west-europe!' }), /^test\/Edge: location must be an Azure region name of letters and digits/],
    // Tags.
    ['51 tags', gateway({ tags: Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`t${index}`, 'v'])) }), /tags has 51 tags; an Azure resource takes at most 50/],
    ['a tag name with a slash', edge({ tags: { 'team/owner': 'chat' } }), /tags\["team\/owner"\] must be a tag name of 1-512 characters without/],
    ['a tag value over 256 characters', edge({ tags: { owner: 'x'.repeat(257) } }), /tags\["owner"\] must be a tag value of at most 256 characters, got 257 characters/],
    // The edge: combinations and ids.
    ['a keyVaultId of another vault than the secret\'s', edge({ certificate: { keyVaultSecretId: SECRET_ID, keyVaultId: KEY_VAULT_ID.replace(/gms-kv$/, 'other-kv') } }),
      /^test\/Edge: certificate\.keyVaultId names vault "other-kv", but certificate\.keyVaultSecretId is in vault "gms-kv"/],
    ['a keyVaultId that is not a Key Vault', edge({ certificate: { keyVaultSecretId: SECRET_ID, keyVaultId: `${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/gmskv` } }), /certificate\.keyVaultId must be the resource id of a Microsoft\.KeyVault\/vaults/],
    ['a secret id whose vault name is too long for a vault', edge({ certificate: { keyVaultSecretId: 'https://a-very-long-key-vault-name-1.vault.azure.net/secrets/gms-tls', keyVaultId: KEY_VAULT_ID } }), /certificate\.keyVaultSecretId names vault "a-very-long-key-vault-name-1", which is not a Key Vault name/],
    ['a permission model without keyVaultId (ignored)', edge({ certificate: { keyVaultSecretId: SECRET_ID, keyVaultPermissionModel: 'accessPolicy' } }), /certificate\.keyVaultPermissionModel applies to the grant the edge creates on certificate\.keyVaultId/],
    ['a location that is not the existing resource group\'s', edge({ location: 'northeurope', existingResourceGroup: EXISTING_RESOURCE_GROUP }), /location \(northeurope\) is ignored with existingResourceGroup, whose location is westeurope/],
    ['a DNS label with an existing public IP (ignored)', edge({ existingPublicIpAddressId: PUBLIC_IP_ID, publicIpDomainNameLabel: 'gms-chat' }), /publicIpDomainNameLabel applies to the public IP the edge creates/],
    ['a DNS label with upper case', edge({ publicIpDomainNameLabel: 'GMS-Chat' }), /publicIpDomainNameLabel must be 3-63 lower-case letters, digits or '-'/],
    ['an existing identity whose principal id is not a GUID', edge({ existingIdentity: { id: IDENTITY_ID, principalId: 'agw', tenantId: '00000000-0000-0000-0000-000000000000' } }), /existingIdentity\.principalId must be a GUID/],
    ['an existing subnet id that is a public IP', edge({ existingGatewaySubnetId: PUBLIC_IP_ID }), /existingGatewaySubnetId must be the resource id of a Microsoft\.Network\/virtualNetworks\/subnets/],
    ['a workspace id of another resource type', edge({ diagnostics: { logAnalyticsWorkspaceId: SUBNET_ID } }), /diagnostics\.logAnalyticsWorkspaceId must be the resource id of a Microsoft\.OperationalInsights\/workspaces/],
    ['a retention with diagnostics off (ignored)', edge({ diagnostics: { enabled: false, retentionInDays: 90 } }), /diagnostics\.retentionInDays is set but diagnostics\.enabled is false/],
    // WAF managed rule sets.
    ['a WAF rule set type that does not exist', edge({ waf: { managedRuleSets: [{ type: 'OWASP_CRS', version: '3.2' }] } }), /waf\.managedRuleSets\[0\]\.type must be one of Microsoft_DefaultRuleSet, OWASP, Microsoft_BotManagerRuleSet, Microsoft_HTTPDDoSRuleSet/],
    ['a DRS version that does not exist', edge({ waf: { managedRuleSets: [{ type: 'Microsoft_DefaultRuleSet', version: '3.2' }] } }), /waf\.managedRuleSets\[0\]\.version "3\.2" of Microsoft_DefaultRuleSet does not exist on Application Gateway; use 2\.1 or 2\.2/],
    ['CRS 3.1 in a new policy', edge({ waf: { managedRuleSets: [{ type: 'OWASP', version: '3.1' }] } }), /waf\.managedRuleSets\[0\]\.version "3\.1" of OWASP cannot be used: CRS 3\.1 is three versions behind DRS 2\.2, and a new policy can no longer be created with it/],
    ['CRS 2.2.9', edge({ waf: { managedRuleSets: [{ type: 'OWASP', version: '2.2.9' }] } }), /waf\.managedRuleSets\[0\]\.version "2\.2\.9" of OWASP cannot be used: CRS 2\.2\.9 is no longer supported/],
    ['the Bot Manager preview 0.1', edge({ waf: { managedRuleSets: [{ type: 'Microsoft_DefaultRuleSet', version: '2.1' }, { type: 'Microsoft_BotManagerRuleSet', version: '0.1' }] } }), /waf\.managedRuleSets\[1\]\.version "0\.1" of Microsoft_BotManagerRuleSet cannot be used: Bot Management 0\.1 was a preview/],
    ['one rule set type twice', edge({ waf: { managedRuleSets: [{ type: 'Microsoft_DefaultRuleSet', version: '2.1' }, { type: 'Microsoft_DefaultRuleSet', version: '2.2' }] } }), /waf\.managedRuleSets\[1\]\.type Microsoft_DefaultRuleSet is also waf\.managedRuleSets\[0\]/],
    // The network: CIDR blocks, overlaps, NSG sources and ports.
    ['an address space with host bits set', network({ addressSpace: ['10.60.0.1/16'] }), /^test\/Network: addressSpace\[0\] 10\.60\.0\.1\/16 has host bits set; Azure takes the network address, 10\.60\.0\.0\/16$/],
    ['a gateway subnet prefix with host bits set', network({ gatewaySubnetPrefix: '10.60.0.5/24' }), /gatewaySubnetPrefix 10\.60\.0\.5\/24 has host bits set; Azure takes the network address, 10\.60\.0\.0\/24/],
    ['overlapping address spaces', network({ addressSpace: ['10.60.0.0/16', '10.60.128.0/17'] }), /addressSpace\[1\] 10\.60\.128\.0\/17 overlaps addressSpace\[0\] 10\.60\.0\.0\/16/],
    ['an address space with an existing virtual network (ignored)', network({ existingVirtualNetwork: { name: 'vnet', resourceGroupName: 'rg-net' }, addressSpace: ['10.70.0.0/16'] }), /addressSpace applies to a new virtual network; it would be ignored with existingVirtualNetwork/],
    ['an allowed source /33', network({ allowedSourceAddressPrefixes: ['203.0.113.0/33'] }), /allowedSourceAddressPrefixes\[0\] must be an IPv4 CIDR block such as 10\.60\.0\.0\/16 \(prefix length 0-32\), got "203\.0\.113\.0\/33"/],
    ['an allowed source with host bits set', network({ allowedSourceAddressPrefixes: ['203.0.113.7/24'] }), /allowedSourceAddressPrefixes\[0\] 203\.0\.113\.7\/24 has host bits set; Azure takes the network address, 203\.0\.113\.0\/24/],
    ['an allowed source that is neither address nor service tag', network({ allowedSourceAddressPrefixes: ['office network'] }), /allowedSourceAddressPrefixes\[0\] must be an IPv4 address, a CIDR block or a service tag such as "Internet", got "office network"/],
    ['an allowed source listed twice', network({ allowedSourceAddressPrefixes: ['203.0.113.0/24', '203.0.113.0/24'] }), /allowedSourceAddressPrefixes\[1\] "203\.0\.113\.0\/24" is also allowedSourceAddressPrefixes\[0\]/],
    ['more sources than an NSG takes', network({ allowedSourceAddressPrefixes: Array.from({ length: 4001 }, (_, index) => `10.${Math.floor(index / 256)}.${index % 256}.0/24`) }), /allowedSourceAddressPrefixes lists 4001 prefixes; a network security group takes at most 4000/],
    ['a listener port twice', network({ listenerPorts: [443, 80, 443] }), /listenerPorts\[2\] 443 is listed twice \(also listenerPorts\[0\]\)/],
    ['a health check port as a token ("got -1.888e+289" before)', (stack) => new GmsApplicationGateway(stack, 'Gateway', gatewayProps({
      nodeGroups: group({ healthCheck: GmsHealthCheck.custom({ path: '/genesys/1/service/health', port: numberVariable(stack, 'probePort'), seesOffline: true }) }),
    })), /nodeGroups\[0\]\.healthCheck port must be a literal value .* got an unresolved Terraform token/],
    ['a get service online code as a token', (stack) => new GmsApplicationGateway(stack, 'Gateway', gatewayProps({
      nodeGroups: group({ healthCheck: GmsHealthCheck.getService('health', { onlineCode: numberVariable(stack, 'onlineCode') }) }),
    })), /nodeGroups\[0\]\.healthCheck onlineCode must be a literal value/],
    ['a token listener port', (stack) => new GatewayNetwork(stack, 'Network', networkProps({ listenerPorts: [numberVariable(stack, 'port')] })), /listenerPorts\[0\] must be a number known at synthesis, not a Terraform token/],
  ];

  it.each(cases)('rejects %s', (_title, build, message) => {
    expect(() => synthesize(build)).toThrow(message);
  });

  it('refuses a later edit that forwards the HTTP listener to the nodes instead of redirecting', () => {
    expect(() => synthesize((stack) => {
      const edited = new GmsApplicationGateway(stack, 'Gateway', gatewayProps());
      const https = edited.body.properties.requestRoutingRules[0].properties.httpListener.id;
      const rule = edited.body.properties.requestRoutingRules[1];
      rule.properties.redirectConfiguration = undefined;
      rule.properties.backendAddressPool = { id: https.replace(/httpListeners\/.*/, 'backendAddressPools/pool-chat') };
      rule.properties.backendHttpSettings = { id: https.replace(/httpListeners\/.*/, 'backendHttpSettingsCollection/settings-chat') };
    })).toThrow(/test\/Gateway: properties\.requestRoutingRules\[1\] \(rule-http-redirect\) forwards to GMS nodes without a rewriteRuleSet[\s\S]*properties\.requestRoutingRules\[1\] \(rule-http-redirect\) forwards plain HTTP from listener listener-http to GMS nodes/);
  });

  it('refuses a path rule added later without the partitioned-cookie rewrite rule set', () => {
    expect(() => synthesize((stack) => {
      const edited = new GmsApplicationGateway(stack, 'Gateway', gatewayProps());
      const map = edited.body.properties.urlPathMaps[0].properties;
      map.pathRules.push({ name: 'path-extra', properties: { ...map.pathRules[0].properties, paths: ['/genesys/extra/*'], rewriteRuleSet: undefined } });
    })).toThrow(/properties\.urlPathMaps\[0\] \(paths-gms\)\.pathRules\[2\] \(path-extra\) forwards to GMS nodes without a rewriteRuleSet/);
  });

  it('names the property in a body edited through the escape hatch past a quota', () => {
    expect(() => synthesize((stack) => {
      const edited = new GmsApplicationGateway(stack, 'Gateway', gatewayProps());
      const listener = edited.body.properties.httpListeners[0];
      edited.body.properties.httpListeners.push(...Array.from({ length: 200 }, (_, index) => ({ ...listener, name: `listener-${index}` })));
    })).toThrow(/test\/Gateway: properties\.httpListeners has 202 elements; Application Gateway v2 allows at most 200 per gateway/);
  });
});

describe('Azure validation (issue #11): legal but likely wrong input warns with a stable id', () => {
  const cases: Array<[string, Build, RegExp]> = [
    ['a probe timeout longer than its interval', gateway({ nodeGroups: group({ healthCheckTiming: { intervalSeconds: 5, timeoutSeconds: 10 } }) }),
      /^test\/Gateway: nodeGroups\[0\] \(x\)\.healthCheckTiming\.timeoutSeconds is 10, longer than intervalSeconds 5: .* \[ack: gms-edge-constructs:probeTimeoutAboveInterval\]$/],
    ['affinity off with several CometD nodes', gateway({ cookieBasedAffinity: false, nodeGroups: group({ ipAddresses: ['10.0.0.1', '10.0.0.2'] }) }),
      /^test\/Gateway: nodeGroups\[0\] \(x\) has 2 nodes while cookieBasedAffinity is false: a CometD session lives on one GMS node.* \[ack: gms-edge-constructs:affinityOffWithSeveralNodes\]$/],
    ['plain HTTP to the HTTPS port of the nodes', gateway({ nodeGroups: group({ port: 443 }) }),
      /^test\/Gateway: nodeGroups\[0\] \(x\)\.port is 443, a port that usually speaks HTTPS, but the gateway sends plain HTTP .* \[ack: gms-edge-constructs:plainHttpToTlsPort\]$/],
    ['a plain-HTTP probe on port 8443', gateway({ nodeGroups: group({ healthCheck: GmsHealthCheck.custom({ path: '/health', port: 8443, seesOffline: true }) }) }),
      /^test\/Gateway: nodeGroups\[0\] \(x\)\.healthCheck\.port is 8443, .* \[ack: gms-edge-constructs:plainHttpToTlsPort\]$/],
    ['a region that is not in Microsoft\'s list', gateway({ resourceGroup: { ...EXISTING_RESOURCE_GROUP, location: 'westeurpoe' }, zones: [] }),
      /^test\/Gateway: resourceGroup\.location "westeurpoe" is not in Microsoft's list of Azure regions .* \[ack: gms-edge-constructs:unknownAzureRegion\]$/],
    ['a misspelt edge location', edge({ location: 'West Euorpe', gatewayProps: { zones: [] } }), /^test\/Edge: location "West Euorpe" is not in Microsoft's list of Azure regions .*\[ack: gms-edge-constructs:unknownAzureRegion\]$/],
  ];

  it.each(cases)('warns about %s', (_title, build, message) => {
    expect(warningsOf(build)).toContainEqual(expect.stringMatching(message));
  });
});

describe('Azure validation (issue #11): legal input stays silent', () => {
  const silent: Array<[string, Build]> = [
    ['the default gateway', gateway({})],
    ['the default edge', edge({})],
    ['a narrower group listed before a broader one', gateway({ nodeGroups: [
      { name: 'chat', isDefault: true, ipAddresses: ['10.0.1.4'] },
      { name: 'support', pathPatterns: ['/genesys/2/chat/customer-support'], ipAddresses: ['10.0.1.5'] },
      { name: 'chatapi', pathPatterns: ['/genesys/2/chat/*'], ipAddresses: ['10.0.1.6'] },
    ] })],
    ['a drain timeout equal to the long-poll hold', gateway({ nodeGroups: group({ deregistrationDelaySeconds: 30 }) })],
    ['a region named for display, and an Azure Government region', gateway({ resourceGroup: { ...EXISTING_RESOURCE_GROUP, location: 'West Europe' } })],
    ['an Azure Government region without zones', gateway({ resourceGroup: { ...EXISTING_RESOURCE_GROUP, location: 'usgovarizona' }, zones: [] })],
    ['DRS 2.2 with Bot Management 1.1', edge({ waf: { managedRuleSets: [{ type: 'Microsoft_DefaultRuleSet', version: '2.2' }, { type: 'Microsoft_BotManagerRuleSet', version: '1.1' }] } })],
    ['CIDR sources, addresses and service tags', network({ allowedSourceAddressPrefixes: ['203.0.113.0/24', '198.51.100.7', 'AzureFrontDoor.Backend'] })],
    ['two separate address spaces', network({ addressSpace: ['10.60.0.0/16', '10.61.0.0/16'] })],
    ['the same vault, named in another case', edge({ certificate: { keyVaultSecretId: 'https://GMS-KV.vault.azure.net/secrets/gms-tls', keyVaultId: KEY_VAULT_ID } })],
    ['a public backend within 4 minutes', gateway({ nodeGroups: group({ ipAddresses: ['20.50.1.2'], requestTimeoutSeconds: 240 }) })],
    ['a probe timeout equal to its interval', gateway({ nodeGroups: group({ healthCheckTiming: { intervalSeconds: 10, timeoutSeconds: 10 } }) })],
  ];

  it.each(silent)('accepts %s without a warning', (_title, build) => {
    expect(warningsOf(build)).toEqual([]);
  });

  it('accepts Terraform tokens where Terraform resolves the number, unchecked, into the body', () => {
    expect(warningsOf((stack) => {
      const timeout = numberVariable(stack, 'timeout');
      new GmsApplicationGateway(stack, 'Gateway', gatewayProps({
        autoscale: { minCapacity: numberVariable(stack, 'min'), maxCapacity: numberVariable(stack, 'max') },
        nodeGroups: group({ requestTimeoutSeconds: timeout, deregistrationDelaySeconds: numberVariable(stack, 'drain'), healthCheckTiming: { intervalSeconds: numberVariable(stack, 'interval') } }),
      }));
    })).toEqual([]);
    const { json } = synthesize((stack) => new GmsApplicationGateway(stack, 'Gateway', gatewayProps({ nodeGroups: group({ requestTimeoutSeconds: numberVariable(stack, 'timeout') }) })));
    const settings = findApplicationGatewayBody(json).properties.backendHttpSettingsCollection[0].properties;
    expect(String(settings.requestTimeout)).toBe('${var.timeout}');
  });

  it('accepts a token retention of a new workspace, which Terraform resolves', () => {
    const { json } = synthesize((stack) => new GmsAppGatewayEdge(stack, 'Edge', edgeProps({ diagnostics: { retentionInDays: numberVariable(stack, 'retention') } })));
    const workspace = Object.values(json.resource.azurerm_log_analytics_workspace)[0];
    expect(workspace.retention_in_days).toBe('${var.retention}');
  });
});
