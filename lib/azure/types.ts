/** Inputs shared by the Azure constructs. */

/**
 * A resource group: an `azurerm_resource_group` (ResourceGroup from @cdktf/provider-azurerm fits)
 * or the name, id and location of an existing one.
 */
export interface ResourceGroupReference {
  readonly name: string;
  /** `/subscriptions/<id>/resourceGroups/<name>` */
  readonly id: string;
  readonly location: string;
}

/** The TLS certificate from Key Vault (recommended): the gateway reads it with a user-assigned identity. */
export interface KeyVaultGatewayCertificate {
  /**
   * The versionless secret id of the certificate, e.g. `https://my-vault.vault.azure.net/secrets/gms-tls`;
   * without a version the gateway picks up renewals by itself.
   */
  readonly keyVaultSecretId: string;

  /**
   * The Key Vault's resource id. When given, the identity is granted read access to its secrets
   * (`Key Vault Secrets User` with RBAC, or an access policy; see `keyVaultPermissionModel`).
   *
   * @default - no grant is created; give the identity access yourself
   */
  readonly keyVaultId?: string;

  /**
   * How the vault authorizes: Azure RBAC or vault access policies.
   *
   * @default 'rbac'
   */
  readonly keyVaultPermissionModel?: 'rbac' | 'accessPolicy';
}

/**
 * The TLS certificate as a PFX file. It ends up in the Terraform state and in the plan: prefer
 * Key Vault outside of tests.
 */
export interface PfxGatewayCertificate {
  /** The PFX file, base64-encoded. */
  readonly pfxBase64: string;
  /** The PFX password (Application Gateway requires one). */
  readonly pfxPassword: string;
}

/** The certificate of the HTTPS listener: from Key Vault, or a PFX. */
export type GatewayCertificate = KeyVaultGatewayCertificate | PfxGatewayCertificate;

/**
 * Whether the certificate comes from Key Vault (as opposed to a PFX).
 * @internal
 */
export function isKeyVaultCertificate(certificate: GatewayCertificate): certificate is KeyVaultGatewayCertificate {
  return 'keyVaultSecretId' in certificate && certificate.keyVaultSecretId !== undefined;
}
