/**
 * Synth-time checks shared by the Azure constructs. Every error names the construct (by path),
 * the property, what is allowed and the value given, in the format the AWS constructs use.
 */
import { IConstruct } from 'constructs';
import { fail } from '../../gms';
import { Token } from '../internal/cdktf';
import { GatewayCertificate, isKeyVaultCertificate } from '../types';

export { fail };

/** An inclusive integer range. */
export interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

/** Whether a value is known at synthesis (not a Terraform token). */
export function literal(value: string | undefined): value is string {
  return value !== undefined && !Token.isUnresolved(value);
}

/**
 * Checks an integer is within the range and returns it. A Terraform token is accepted unchecked
 * (Terraform resolves it at plan), unless `refuseTokenBecause` says why the value must be known
 * at synthesis: then the error names the property instead of the token's number (-8.1e+298).
 */
export function checkInteger(scope: IConstruct, property: string, value: number, range: IntegerRange, unit = '', refuseTokenBecause?: string): number {
  if (Token.isUnresolved(value)) {
    if (refuseTokenBecause !== undefined) {
      fail(scope, property, `must be a number known at synthesis, not a Terraform token: ${refuseTokenBecause}`);
    }
    return value;
  }
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    fail(scope, property, `must be an integer from ${range.min} to ${range.max}${unit}, got ${value}`);
  }
  return value;
}

/** Checks an Application Gateway URL path pattern: `/…`, `*` only as a final `/*`. */
export function checkPathPattern(scope: IConstruct, property: string, pattern: string): void {
  if (!pattern.startsWith('/') || /[?#\s]/.test(pattern) || (pattern.includes('*') && (!pattern.endsWith('/*') || pattern.indexOf('*') !== pattern.length - 1))) {
    fail(scope, property, `${JSON.stringify(pattern)} is not an Application Gateway path pattern: it must start with '/', contain no '?', '#' or spaces, and use '*' only as a final '/*'`);
  }
}

const VERSIONLESS_SECRET_ID = /^https:\/\/[A-Za-z0-9-]+\.vault\.[A-Za-z0-9.-]+\/secrets\/[A-Za-z0-9-]+\/?$/;

/**
 * Validates the certificate input up front; the messages name the construct and the property.
 *
 * @param identityAvailable whether a user-assigned identity will read a Key Vault certificate
 */
export function checkGatewayCertificate(scope: IConstruct, certificate: GatewayCertificate, identityAvailable: boolean): void {
  const hasKeyVault = isKeyVaultCertificate(certificate);
  const hasPfx = 'pfxBase64' in certificate && certificate.pfxBase64 !== undefined;
  if (hasKeyVault === hasPfx) {
    fail(scope, 'certificate', 'needs exactly one of keyVaultSecretId (recommended) or pfxBase64 with pfxPassword');
  }
  if (isKeyVaultCertificate(certificate)) {
    if (literal(certificate.keyVaultSecretId) && !VERSIONLESS_SECRET_ID.test(certificate.keyVaultSecretId)) {
      fail(scope, 'certificate.keyVaultSecretId', `must be a versionless Key Vault secret id such as https://my-vault.vault.azure.net/secrets/gms-tls (without the version, so the gateway follows certificate rotation), got ${JSON.stringify(certificate.keyVaultSecretId)}`);
    }
    if (!identityAvailable) {
      fail(scope, 'identityId', 'is required with a Key Vault certificate: a Key Vault certificate needs identityId, a user-assigned identity allowed to read the secret');
    }
  }
  if ('pfxBase64' in certificate && hasPfx) {
    if (literal(certificate.pfxBase64) && (certificate.pfxBase64.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(certificate.pfxBase64) || certificate.pfxBase64.length % 4 !== 0)) {
      fail(scope, 'certificate.pfxBase64', 'must be the PFX file encoded in base64');
    }
    if (typeof certificate.pfxPassword !== 'string' || (literal(certificate.pfxPassword) && certificate.pfxPassword.length === 0)) {
      fail(scope, 'certificate.pfxPassword', 'is required with pfxBase64 (Application Gateway rejects a PFX without a password)');
    }
  }
}
