/**
 * CloudFront origin timeouts against the account's quotas. aws-cdk-lib 2.276 checks only the 1 s
 * minimum of `readTimeout`/`keepaliveTimeout` (HttpOrigin) and leaves the maximum to the quotas
 * "Response timeout per origin" (120 s by default) and "Keep-alive timeout per origin" (300 s by
 * default), both adjustable through Service Quotas (aws-cdk-lib's HttpOriginProps TSDoc; CloudFront
 * Developer Guide, "Quotas"). A value above the quota fails the deployment, so it fails synth here.
 */
import { Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { fail, literalIntegerInRange, secondsInRange } from './validation';

/** The CloudFront origin timeout quotas of the target account. */
export interface OriginTimeoutQuotas {
  /**
   * The account's "Response timeout per origin" quota in seconds: raise it through Service Quotas
   * before setting `originReadTimeout` above the default.
   *
   * @default 120 (CloudFront's default quota)
   */
  readonly responseTimeoutSeconds?: number;

  /**
   * The account's "Keep-alive timeout per origin" quota in seconds.
   *
   * @default 300 (CloudFront's default quota)
   */
  readonly keepaliveTimeoutSeconds?: number;
}

/** CloudFront's default quotas (seconds). */
export const CLOUDFRONT_DEFAULT_ORIGIN_TIMEOUT_QUOTAS = { responseTimeoutSeconds: 120, keepaliveTimeoutSeconds: 300 } as const;

/** The largest quota this library accepts as given (a sanity bound, not an AWS limit). */
const QUOTA_SANITY_MAX = 86400;

/** Checks both timeouts against the quotas; returns their seconds (NaN for tokens). */
export function checkOriginTimeouts(scope: IConstruct, read: Duration, keepalive: Duration, quotas: OriginTimeoutQuotas = {}): { readSeconds: number; keepaliveSeconds: number } {
  const responseQuota = literalIntegerInRange(scope, 'originTimeoutQuotas.responseTimeoutSeconds',
    quotas.responseTimeoutSeconds ?? CLOUDFRONT_DEFAULT_ORIGIN_TIMEOUT_QUOTAS.responseTimeoutSeconds, 1, QUOTA_SANITY_MAX);
  const keepaliveQuota = literalIntegerInRange(scope, 'originTimeoutQuotas.keepaliveTimeoutSeconds',
    quotas.keepaliveTimeoutSeconds ?? CLOUDFRONT_DEFAULT_ORIGIN_TIMEOUT_QUOTAS.keepaliveTimeoutSeconds, 1, QUOTA_SANITY_MAX);
  const readSeconds = secondsInRange(scope, 'originReadTimeout', read, 1, QUOTA_SANITY_MAX);
  if (readSeconds > responseQuota) {
    fail(scope, 'originReadTimeout', `is ${readSeconds} s, above the CloudFront quota "Response timeout per origin" of ${responseQuota} s${quotas.responseTimeoutSeconds === undefined ? ' (the default)' : ''}: the deployment would fail. Allowed: 1–${responseQuota} s, or raise the quota through Service Quotas and set originTimeoutQuotas.responseTimeoutSeconds to the approved value`);
  }
  const keepaliveSeconds = secondsInRange(scope, 'originKeepaliveTimeout', keepalive, 1, QUOTA_SANITY_MAX);
  if (keepaliveSeconds > keepaliveQuota) {
    fail(scope, 'originKeepaliveTimeout', `is ${keepaliveSeconds} s, above the CloudFront quota "Keep-alive timeout per origin" of ${keepaliveQuota} s${quotas.keepaliveTimeoutSeconds === undefined ? ' (the default)' : ''}: the deployment would fail. Allowed: 1–${keepaliveQuota} s, or raise the quota through Service Quotas and set originTimeoutQuotas.keepaliveTimeoutSeconds to the approved value`);
  }
  return { readSeconds, keepaliveSeconds };
}
