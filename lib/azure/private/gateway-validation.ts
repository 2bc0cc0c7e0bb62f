/**
 * Checks of a gateway's props beyond their own ranges: resource ids of the right type, a known
 * region, host names and tags Azure accepts, and quotas the node groups would cross.
 */
import { IConstruct } from 'constructs';
import type { GmsApplicationGatewayProps } from '../gms-application-gateway';
import { Token } from '../internal/cdktf';
import { checkAzureLocation } from './azure-locations';
import { APPLICATION_GATEWAY_QUOTAS } from './quota-validation';
import { fail, literal } from './validation';

/** `/subscriptions/<guid>/resourceGroups/<name>` (ARM resource ids are case-insensitive). */
const RESOURCE_GROUP_ID = /^\/subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/resourceGroups\/[-\w.()]{1,90}$/i;

/**
 * The ARM resource types of the ids the constructs take, as `<namespace>/<type>[/<child type>]`.
 * @internal
 */
export const RESOURCE_TYPES = {
  subnet: 'Microsoft.Network/virtualNetworks/subnets',
  publicIp: 'Microsoft.Network/publicIPAddresses',
  identity: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  firewallPolicy: 'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies',
  workspace: 'Microsoft.OperationalInsights/workspaces',
  keyVault: 'Microsoft.KeyVault/vaults',
} as const;

/**
 * The name of the resource an ARM id names when it is of the type (`undefined` otherwise):
 * `/subscriptions/<guid>/resourceGroups/<group>/providers/<namespace>/<type>/<name>[/<child type>/<child name>]`.
 * @internal
 */
export function resourceIdName(id: string, type: string): string | undefined {
  const [namespace, parentType, childType] = type.split('/');
  const child = childType === undefined ? '' : `/${childType}/([^/]+)`;
  const pattern = new RegExp(`^/subscriptions/[0-9a-f-]{36}/resourceGroups/[^/]+/providers/${namespace.replace('.', '\\.')}/${parentType}/([^/]+)${child}$`, 'i');
  const match = pattern.exec(id);
  return match === null ? undefined : match[match.length - 1];
}

/**
 * Fails unless a literal id names a resource of the type; a token is not checked.
 * @internal
 */
export function checkResourceId(scope: IConstruct, property: string, id: string | undefined, type: string): void {
  if (id === undefined || !literal(id)) {
    return;
  }
  if (resourceIdName(id, type) === undefined) {
    const [namespace, ...types] = type.split('/');
    const shape = `/subscriptions/<subscription id>/resourceGroups/<group>/providers/${namespace}${types.map((part) => `/${part}/<name>`).join('')}`;
    fail(scope, property, `must be the resource id of a ${type}, ${shape}, got ${JSON.stringify(id)}`);
  }
}

/**
 * Azure tags: at most 50 per resource, names of at most 512 characters without `< > % & \ ? /`,
 * values of at most 256 (learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations).
 * @internal
 */
export function checkTags(scope: IConstruct, property: string, tags: { [key: string]: string } | undefined): void {
  if (tags === undefined || Token.isUnresolved(tags)) {
    return;
  }
  const names = Object.keys(tags);
  if (names.length > 50) {
    fail(scope, property, `has ${names.length} tags; an Azure resource takes at most 50`);
  }
  for (const name of names) {
    if (name.length === 0 || name.length > 512 || /[<>%&\\?/]/.test(name)) {
      fail(scope, `${property}[${JSON.stringify(name)}]`, 'must be a tag name of 1-512 characters without <, >, %, &, \\, ? or /');
    }
    const value = tags[name];
    if (typeof value !== 'string' || (literal(value) && value.length > 256)) {
      fail(scope, `${property}[${JSON.stringify(name)}]`, `must be a tag value of at most 256 characters, got ${typeof value === 'string' ? `${value.length} characters` : JSON.stringify(value)}`);
    }
  }
}

/**
 * Checks what a gateway is given besides its node groups' own ranges.
 * @internal
 */
export function checkGatewayInput(scope: IConstruct, props: GmsApplicationGatewayProps): void {
  const group = props.resourceGroup;
  if (literal(group.id) && !RESOURCE_GROUP_ID.test(group.id)) {
    fail(scope, 'resourceGroup.id', `must be /subscriptions/<subscription id>/resourceGroups/<name>, got ${JSON.stringify(group.id)}`);
  }
  checkAzureLocation(scope, 'resourceGroup.location', group.location);
  checkResourceId(scope, 'gatewaySubnetId', props.gatewaySubnetId, RESOURCE_TYPES.subnet);
  checkResourceId(scope, 'publicIpAddressId', props.publicIpAddressId, RESOURCE_TYPES.publicIp);
  checkResourceId(scope, 'identityId', props.identityId, RESOURCE_TYPES.identity);
  checkResourceId(scope, 'firewallPolicyId', props.firewallPolicyId, RESOURCE_TYPES.firewallPolicy);
  checkTags(scope, 'tags', props.tags);

  const hostNames = new Map<string, number>();
  (props.hostNames ?? []).forEach((hostName, index) => {
    const key = literal(hostName) ? hostName.toLowerCase() : undefined;
    const other = key === undefined ? undefined : hostNames.get(key);
    if (other !== undefined) {
      fail(scope, `hostNames[${index}]`, `${JSON.stringify(hostName)} is also hostNames[${other}] (host names are case-insensitive)`);
    }
    if (key !== undefined) {
      hostNames.set(key, index);
    }
  });

  // One pool, one backend setting and one path rule per group, and one more pool for the paths
  // that are not published.
  const groups = (props.nodeGroups ?? []).length;
  const limit = Math.min(APPLICATION_GATEWAY_QUOTAS.backendAddressPools, APPLICATION_GATEWAY_QUOTAS.backendHttpSettingsCollection) - 1;
  if (groups > limit) {
    fail(scope, 'nodeGroups', `lists ${groups} groups; each takes a backend pool and a backend setting of the gateway, which has at most ${APPLICATION_GATEWAY_QUOTAS.backendAddressPools} of each (one pool more answers unpublished paths), so at most ${limit} groups`);
  }
  (props.nodeGroups ?? []).forEach((nodeGroup, index) => {
    const nodes = (nodeGroup.ipAddresses ?? []).length + (nodeGroup.fqdns ?? []).length;
    if (nodes > APPLICATION_GATEWAY_QUOTAS.backendTargetsPerPool) {
      fail(scope, `nodeGroups[${index}]`, `(${nodeGroup.name}) lists ${nodes} nodes; a backend pool takes at most ${APPLICATION_GATEWAY_QUOTAS.backendTargetsPerPool}`);
    }
  });
}
