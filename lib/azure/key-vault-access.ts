/**
 * The gateway identity's access to the certificate in Key Vault: as narrow as the vault's
 * permission model allows, and waited on until it has reached Key Vault.
 */
import { Construct } from 'constructs';
import { ITerraformDependable, Token } from './internal/cdktf';
import { GO_DURATION, TimeSleep } from './internal/time';
import { fail } from './private/validation';

/**
 * The secret name at the end of a Key Vault secret id, also when the vault URI before it is a token
 * (`${vault_uri}secrets/<name>`: the token ends with `}` and the URI with `/`).
 */
const SECRET_NAME_AT_END = /(?:\/|\})secrets\/([A-Za-z0-9-]{1,127})\/?$/;

/**
 * The scope of the `Key Vault Secrets User` role assignment: the certificate's own secret
 * (`<vault id>/secrets/<name>`; Azure RBAC for Key Vault takes assignments at secret scope, Key
 * Vault RBAC guide, "Secret scope role assignment"), or the vault when the name is not known at
 * synthesis.
 */
export function keyVaultGrantScope(keyVaultId: string, keyVaultSecretId: string): { scope: string; secretScoped: boolean } {
  const match = SECRET_NAME_AT_END.exec(keyVaultSecretId);
  if (match === null || Token.isUnresolved(match[1])) {
    return { scope: keyVaultId, secretScoped: false };
  }
  return { scope: `${keyVaultId}/secrets/${match[1]}`, secretScoped: true };
}

/**
 * How long to wait after a new grant before the gateway reads the certificate. Azure RBAC role
 * assignments take minutes to apply (Key Vault RBAC guide: up to 10 minutes); vault access
 * policies apply at once (Microsoft, "Migrate from vault access policy to Azure RBAC").
 */
export const KEY_VAULT_GRANT_PROPAGATION_WAIT = { rbac: '10m', accessPolicy: '30s' } as const;

/**
 * A `time_sleep` after the grant, which the gateway depends on: azapi's `retry` only matches
 * error responses to its own requests, and an access-denied that arrives while the long-running
 * create is polled ends the apply (azapi internal/clients: retry options sit in the request
 * pipeline; a failed operation is a successful poll response). Replaced (and waited again) when the grant is.
 *
 * @returns `undefined` for a wait of zero
 */
export function waitForKeyVaultGrant(scope: Construct, grant: ITerraformDependable & { readonly id: string }, duration: string): TimeSleep | undefined {
  if (typeof duration !== 'string' || duration === '' || !GO_DURATION.test(duration)) {
    fail(scope, 'keyVaultGrantPropagationWait', `must be a duration such as "10m", "90s" or "0s" (no wait), got ${JSON.stringify(duration)}`);
  }
  if (/^(?:0h)?(?:0m)?(?:0s)?$/.test(duration)) {
    return undefined;
  }
  return new TimeSleep(scope, 'KeyVaultGrantPropagation', {
    createDuration: duration,
    dependsOn: [grant],
    triggers: { grant: grant.id },
  });
}
