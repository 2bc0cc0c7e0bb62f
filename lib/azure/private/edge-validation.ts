/**
 * Checks of {@link GmsAppGatewayEdge} props that combine: an option that another one makes
 * ignored, ids of the wrong resource type, a Key Vault id that is not the certificate's vault.
 */
import { IConstruct } from 'constructs';
import type { GmsAppGatewayEdgeProps } from '../gms-app-gateway-edge';
import { isKeyVaultCertificate } from '../types';
import { checkAzureLocation } from './azure-locations';
import { checkResourceId, checkTags, RESOURCE_TYPES, resourceIdName } from './gateway-validation';
import { fail, literal } from './validation';
import { checkWafManagedRuleSets } from './waf-validation';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A public IP's DNS label: 3-63 lower-case letters, digits and hyphens, starting with a letter
 * and ending with a letter or digit: the regular expression ARM's InvalidDomainNameLabel error
 * quotes, ^[a-z][a-z0-9-]{1,61}[a-z0-9]$.
 */
const DNS_NAME_LABEL = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;

/** The vault name in a Key Vault object id: `https://{vault-name}.vault.azure.net/...` (Key Vault "Object identifiers"). */
const VAULT_OF_SECRET_ID = /^https:\/\/([^./]+)\.vault\./i;

/**
 * Vault names: 3-24 letters, digits and hyphens, starting with a letter, ending with a letter
 * or digit, no two hyphens in a row (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftkeyvault).
 */
const VAULT_NAME = /^(?!.*--)[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$/;

/**
 * Checks the props of an edge before anything is created; errors name the property.
 * @internal
 */
export function checkEdgeInput(scope: IConstruct, props: GmsAppGatewayEdgeProps): void {
  checkAzureLocation(scope, 'location', props.location);
  const existingLocation = props.existingResourceGroup?.location;
  if (props.location !== undefined && literal(props.location) && existingLocation !== undefined && literal(existingLocation)
    && props.location.replace(/\s+/g, '').toLowerCase() !== existingLocation.replace(/\s+/g, '').toLowerCase()) {
    fail(scope, 'location', `(${props.location}) is ignored with existingResourceGroup, whose location is ${existingLocation}: leave location out`);
  }
  checkResourceId(scope, 'existingGatewaySubnetId', props.existingGatewaySubnetId, RESOURCE_TYPES.subnet);
  checkResourceId(scope, 'existingPublicIpAddressId', props.existingPublicIpAddressId, RESOURCE_TYPES.publicIp);
  checkResourceId(scope, 'existingIdentity.id', props.existingIdentity?.id, RESOURCE_TYPES.identity);
  checkResourceId(scope, 'waf.existingPolicyId', props.waf?.existingPolicyId, RESOURCE_TYPES.firewallPolicy);
  checkResourceId(scope, 'diagnostics.logAnalyticsWorkspaceId', props.diagnostics?.logAnalyticsWorkspaceId, RESOURCE_TYPES.workspace);
  for (const key of ['principalId', 'tenantId'] as const) {
    const value = props.existingIdentity?.[key];
    if (value !== undefined && literal(value) && !GUID.test(value)) {
      fail(scope, `existingIdentity.${key}`, `must be a GUID such as 00000000-0000-0000-0000-000000000000, got ${JSON.stringify(value)}`);
    }
  }
  const label = props.publicIpDomainNameLabel;
  if (label !== undefined && props.existingPublicIpAddressId !== undefined) {
    fail(scope, 'publicIpDomainNameLabel', 'applies to the public IP the edge creates; it would be ignored with existingPublicIpAddressId (set the label on that IP)');
  }
  if (label !== undefined && literal(label) && !DNS_NAME_LABEL.test(label)) {
    fail(scope, 'publicIpDomainNameLabel', `must be 3-63 lower-case letters, digits or '-', starting with a letter and ending with a letter or digit, got ${JSON.stringify(label)}`);
  }
  if (props.diagnostics?.enabled === false && props.diagnostics.retentionInDays !== undefined) {
    fail(scope, 'diagnostics.retentionInDays', 'is set but diagnostics.enabled is false: no workspace is created');
  }
  if (props.waf !== undefined && props.waf.existingPolicyId === undefined) {
    checkWafManagedRuleSets(scope, props.waf.managedRuleSets);
  }
  checkTags(scope, 'tags', props.tags);
  checkKeyVault(scope, props);
}

function checkKeyVault(scope: IConstruct, props: GmsAppGatewayEdgeProps): void {
  const certificate = props.certificate;
  if (!isKeyVaultCertificate(certificate)) {
    return;
  }
  const vaultId = certificate.keyVaultId;
  if (vaultId === undefined) {
    if (certificate.keyVaultPermissionModel !== undefined) {
      fail(scope, 'certificate.keyVaultPermissionModel', 'applies to the grant the edge creates on certificate.keyVaultId; without keyVaultId no grant is created and it would be ignored');
    }
    return;
  }
  checkResourceId(scope, 'certificate.keyVaultId', vaultId, RESOURCE_TYPES.keyVault);
  const secretVault = literal(certificate.keyVaultSecretId) ? VAULT_OF_SECRET_ID.exec(certificate.keyVaultSecretId)?.[1] : undefined;
  if (secretVault !== undefined && !VAULT_NAME.test(secretVault)) {
    fail(scope, 'certificate.keyVaultSecretId', `names vault ${JSON.stringify(secretVault)}, which is not a Key Vault name (3-24 letters, digits and single hyphens, starting with a letter)`);
  }
  const vault = literal(vaultId) ? resourceIdName(vaultId, RESOURCE_TYPES.keyVault) : undefined;
  if (vault !== undefined && secretVault !== undefined && vault.toLowerCase() !== secretVault.toLowerCase()) {
    fail(scope, 'certificate.keyVaultId', `names vault ${JSON.stringify(vault)}, but certificate.keyVaultSecretId is in vault ${JSON.stringify(secretVault)}: the identity would be granted access to the wrong vault and the gateway could not read its certificate`);
  }
}
