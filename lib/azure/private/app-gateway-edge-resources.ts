/**
 * The pieces {@link GmsAppGatewayEdge} creates around the gateway, one function each, so that its
 * constructor reads as the sequence of steps. Each returns what it created (nothing when the user
 * brought their own) for the construct to expose.
 */
import { Construct } from 'constructs';
import { ipv4InCidr } from '../../gms';
import type { GmsDiagnosticsOptions, GmsWafOptions } from '../app-gateway-edge-options';
import { GatewayNetwork } from '../gateway-network';
import type { GmsAppGatewayEdgeProps } from '../gms-app-gateway-edge';
import type { GmsNodeGroupOptions } from '../gms-node-group';
import {
  ITerraformDependable,
  KeyVaultAccessPolicy,
  LogAnalyticsWorkspace,
  MonitorDiagnosticSetting,
  PublicIp,
  ResourceGroup,
  RoleAssignment,
  UserAssignedIdentity,
  WebApplicationFirewallPolicy,
} from '../internal/cdktf';
import type { TimeSleep } from '../internal/time';
import { KEY_VAULT_GRANT_PROPAGATION_WAIT, keyVaultGrantScope, waitForKeyVaultGrant } from '../key-vault-access';
import { isKeyVaultCertificate, KeyVaultGatewayCertificate, ResourceGroupReference } from '../types';
import { checkInteger, fail } from './validation';

/** What every piece needs: where it goes, how it is named and tagged. */
export interface EdgeResourceContext {
  readonly resourceGroup: ResourceGroupReference;
  readonly namePrefix: string;
  readonly tags?: { [key: string]: string };
}

const NAME_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?$/;

/** The name prefix, checked: it ends up in every resource name (the Key Vault-style 24-character limit). */
export function checkNamePrefix(scope: Construct, namePrefix: string | undefined): string {
  const prefix = namePrefix ?? 'gms-edge';
  if (!NAME_PREFIX.test(prefix)) {
    fail(scope, 'namePrefix', `must be 1-24 lower-case letters, digits or '-', got ${JSON.stringify(prefix)}`);
  }
  return prefix;
}

/** The existing resource group, or a new `<prefix>-rg` in `location`. */
export function renderResourceGroup(scope: Construct, props: GmsAppGatewayEdgeProps, namePrefix: string): ResourceGroup | undefined {
  if (props.existingResourceGroup !== undefined) {
    return undefined;
  }
  if (props.location === undefined || props.location.length === 0) {
    fail(scope, 'location', 'is required when no existingResourceGroup is given (e.g. "westeurope")');
  }
  return new ResourceGroup(scope, 'ResourceGroup', { name: `${namePrefix}-rg`, location: props.location, tags: props.tags });
}

/** The gateway subnet: the existing one, or a new network (whose NSG opens the listener ports). */
export function renderGatewayNetwork(scope: Construct, props: GmsAppGatewayEdgeProps, context: EdgeResourceContext, listenerPorts: number[]): { gatewaySubnetId: string; network?: GatewayNetwork } {
  if (props.existingGatewaySubnetId !== undefined) {
    if (props.networkProps !== undefined) {
      fail(scope, 'networkProps', 'conflicts with existingGatewaySubnetId: give networkProps or existingGatewaySubnetId, not both');
    }
    return { gatewaySubnetId: props.existingGatewaySubnetId };
  }
  const network = new GatewayNetwork(scope, 'Network', { ...props.networkProps, ...context, listenerPorts });
  checkNodesOutsideGatewaySubnet(scope, props.nodeGroups, network.gatewaySubnetPrefix);
  return { gatewaySubnetId: network.gatewaySubnet.id, network };
}

/** The gateway subnet is dedicated: a node cannot live in it. */
function checkNodesOutsideGatewaySubnet(scope: Construct, nodeGroups: GmsNodeGroupOptions[], subnetPrefix: string): void {
  nodeGroups.forEach((group, groupIndex) => {
    (group.ipAddresses ?? []).forEach((address, addressIndex) => {
      if (ipv4InCidr(address, subnetPrefix) === true) {
        fail(scope, `nodeGroups[${groupIndex}]`, `(${group.name}).ipAddresses[${addressIndex}] ${address} lies inside the gateway subnet ${subnetPrefix}, which is dedicated to the gateway; give the nodes' own addresses (in a peered network or another subnet)`);
      }
    });
  });
}

/** A new zone-redundant Standard static public IP, unless one is given. */
export function renderPublicIp(scope: Construct, props: GmsAppGatewayEdgeProps, context: EdgeResourceContext, zones: string[] | undefined): { publicIpAddressId: string; publicIp?: PublicIp } {
  if (props.existingPublicIpAddressId !== undefined) {
    return { publicIpAddressId: props.existingPublicIpAddressId };
  }
  const publicIp = new PublicIp(scope, 'PublicIp', {
    name: `${context.namePrefix}-agw-pip`,
    resourceGroupName: context.resourceGroup.name,
    location: context.resourceGroup.location,
    sku: 'Standard',
    allocationMethod: 'Static',
    zones,
    domainNameLabel: props.publicIpDomainNameLabel,
    tags: context.tags,
  });
  return { publicIpAddressId: publicIp.id, publicIp };
}

/** The identity that reads the certificate from Key Vault, its grant and the wait after the grant. */
export interface GatewayKeyVaultAccess {
  readonly identityId?: string;
  readonly identity?: UserAssignedIdentity;
  readonly roleAssignment?: RoleAssignment;
  readonly accessPolicy?: KeyVaultAccessPolicy;
  readonly grantWait?: TimeSleep;
  /** What the gateway must wait for before it reads the certificate. */
  readonly dependencies: ITerraformDependable[];
}

/**
 * With a Key Vault certificate: the identity (given or new), the narrowest grant the vault's
 * permission model allows (when `keyVaultId` is given), and a wait until the grant has applied.
 */
export function renderKeyVaultAccess(scope: Construct, props: GmsAppGatewayEdgeProps, context: EdgeResourceContext): GatewayKeyVaultAccess {
  if (!isKeyVaultCertificate(props.certificate)) {
    if (props.existingIdentity !== undefined) {
      fail(scope, 'existingIdentity', 'is only used with a Key Vault certificate (certificate.keyVaultSecretId)');
    }
    return { dependencies: [] };
  }
  const certificate: KeyVaultGatewayCertificate = props.certificate;
  const identity = props.existingIdentity === undefined
    ? new UserAssignedIdentity(scope, 'Identity', {
      name: `${context.namePrefix}-agw-identity`,
      resourceGroupName: context.resourceGroup.name,
      location: context.resourceGroup.location,
      tags: context.tags,
    })
    : undefined;
  const { id: identityId, principalId, tenantId } = identity ?? props.existingIdentity!;
  const model = certificate.keyVaultPermissionModel ?? 'rbac';
  if (model !== 'rbac' && model !== 'accessPolicy') {
    fail(scope, 'certificate.keyVaultPermissionModel', `must be 'rbac' or 'accessPolicy', got ${JSON.stringify(model)}`);
  }
  if (certificate.keyVaultId === undefined) {
    return { identityId, identity, dependencies: [] };
  }
  const roleAssignment = model === 'rbac'
    ? new RoleAssignment(scope, 'KeyVaultSecretsUser', {
      scope: keyVaultGrantScope(certificate.keyVaultId, certificate.keyVaultSecretId).scope,
      roleDefinitionName: 'Key Vault Secrets User',
      principalId,
      principalType: 'ServicePrincipal',
    })
    : undefined;
  const accessPolicy = model === 'accessPolicy'
    ? new KeyVaultAccessPolicy(scope, 'KeyVaultAccessPolicy', {
      keyVaultId: certificate.keyVaultId,
      tenantId,
      objectId: principalId,
      // The gateway reads the certificate as a secret; it needs no certificate permission.
      secretPermissions: ['Get'],
    })
    : undefined;
  const grant = (roleAssignment ?? accessPolicy)!;
  const grantWait = waitForKeyVaultGrant(scope, grant, props.keyVaultGrantPropagationWait ?? KEY_VAULT_GRANT_PROPAGATION_WAIT[model]);
  return { identityId, identity, roleAssignment, accessPolicy, grantWait, dependencies: grantWait === undefined ? [grant] : [grant, grantWait] };
}

/** The WAF policy id: the given policy, a new one, or none (Standard_v2). */
export function renderFirewallPolicy(scope: Construct, waf: GmsWafOptions | undefined, context: EdgeResourceContext): { firewallPolicyId?: string; firewallPolicy?: WebApplicationFirewallPolicy } {
  if (waf === undefined) {
    return {};
  }
  if (waf.existingPolicyId !== undefined) {
    if (waf.mode !== undefined || waf.managedRuleSets !== undefined) {
      fail(scope, 'waf.mode', 'and waf.managedRuleSets configure a new policy; they cannot apply to waf.existingPolicyId');
    }
    return { firewallPolicyId: waf.existingPolicyId };
  }
  const mode = waf.mode ?? 'Prevention';
  if (mode !== 'Prevention' && mode !== 'Detection') {
    fail(scope, 'waf.mode', `must be 'Prevention' or 'Detection', got ${JSON.stringify(mode)}`);
  }
  const ruleSets = waf.managedRuleSets ?? [{ type: 'Microsoft_DefaultRuleSet', version: '2.1' }];
  if (ruleSets.length === 0) {
    fail(scope, 'waf.managedRuleSets', 'must list at least one managed rule set (e.g. Microsoft_DefaultRuleSet 2.1)');
  }
  const firewallPolicy = new WebApplicationFirewallPolicy(scope, 'FirewallPolicy', {
    name: `${context.namePrefix}-waf-policy`,
    resourceGroupName: context.resourceGroup.name,
    location: context.resourceGroup.location,
    policySettings: { enabled: true, mode, requestBodyCheck: true },
    managedRules: { managedRuleSet: ruleSets.map((ruleSet) => ({ type: ruleSet.type, version: ruleSet.version })) },
    tags: context.tags,
  });
  return { firewallPolicyId: firewallPolicy.id, firewallPolicy };
}

/** All logs and metrics of the gateway to Log Analytics (a given workspace or a new one), unless off. */
export function renderDiagnostics(scope: Construct, diagnostics: GmsDiagnosticsOptions, context: EdgeResourceContext, gatewayId: string): { workspace?: LogAnalyticsWorkspace; setting?: MonitorDiagnosticSetting; workspaceId?: string } {
  if (!(diagnostics.enabled ?? true)) {
    if (diagnostics.logAnalyticsWorkspaceId !== undefined) {
      fail(scope, 'diagnostics.logAnalyticsWorkspaceId', 'is set but diagnostics.enabled is false');
    }
    return {};
  }
  if (diagnostics.logAnalyticsWorkspaceId !== undefined && diagnostics.retentionInDays !== undefined) {
    fail(scope, 'diagnostics.retentionInDays', 'applies to a new workspace, not to diagnostics.logAnalyticsWorkspaceId');
  }
  const workspace = diagnostics.logAnalyticsWorkspaceId === undefined ? newWorkspace(scope, diagnostics.retentionInDays ?? 30, context) : undefined;
  const setting = new MonitorDiagnosticSetting(scope, 'Diagnostics', {
    name: `${context.namePrefix}-agw-diagnostics`,
    targetResourceId: gatewayId,
    logAnalyticsWorkspaceId: workspace?.id ?? diagnostics.logAnalyticsWorkspaceId,
    logAnalyticsDestinationType: 'Dedicated',
    enabledLog: [{ categoryGroup: 'allLogs' }],
    enabledMetric: [{ category: 'AllMetrics' }],
  });
  return { workspace, setting, workspaceId: workspace?.id ?? diagnostics.logAnalyticsWorkspaceId };
}

function newWorkspace(scope: Construct, retentionInDays: number, context: EdgeResourceContext): LogAnalyticsWorkspace {
  // A token is left to Terraform (and to azurerm's own 30-730 check at plan).
  checkInteger(scope, 'diagnostics.retentionInDays', retentionInDays, { min: 30, max: 730 });
  return new LogAnalyticsWorkspace(scope, 'LogAnalytics', {
    name: `${context.namePrefix}-logs`,
    resourceGroupName: context.resourceGroup.name,
    location: context.resourceGroup.location,
    sku: 'PerGB2018',
    retentionInDays,
    tags: context.tags,
  });
}
