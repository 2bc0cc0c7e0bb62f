/**
 * Synth-time validation shared by the AWS constructs: every message names the construct, the
 * property and what is allowed, so a bad value fails `cdk synth` with something a user can act on.
 */
import { Annotations, Duration, Token, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CookiePolicy, CookiePolicyProps } from '../../cookie';
import { fail, isHostName } from '../../gms';

export { fail };

/** The cookie policy, or a synth error naming `cookiePolicy` when its options are invalid. */
export function cookiePolicyOf(scope: IConstruct, policy: CookiePolicy | CookiePolicyProps | undefined): CookiePolicy {
  try {
    return CookiePolicy.of(policy);
  } catch (error) {
    fail(scope, 'cookiePolicy', `is invalid: ${(error as Error).message}`);
  }
}

/** Adds a synth-time warning naming the construct and the property. */
export function warn(scope: IConstruct, id: string, property: string, message: string): void {
  Annotations.of(scope).addWarningV2(`gms-edge-constructs:${id}`, `${property} ${message}`);
}

/**
 * Checks a Duration is a whole number of seconds within [min, max] and returns the seconds.
 * Unresolved durations (tokens) are accepted as they are.
 */
export function secondsInRange(scope: IConstruct, property: string, value: Duration, min: number, max: number): number {
  if (!(value instanceof Duration)) {
    fail(scope, property, `must be a Duration between ${min} and ${max} seconds`);
  }
  if (value.isUnresolved()) {
    return NaN;
  }
  const millis = value.toMilliseconds();
  if (millis % 1000 !== 0) {
    fail(scope, property, `must be a whole number of seconds between ${min} and ${max}; got ${millis} ms`);
  }
  const seconds = millis / 1000;
  if (seconds < min || seconds > max) {
    fail(scope, property, `must be between ${min} and ${max} seconds; got ${seconds} s`);
  }
  return seconds;
}

/** Checks an integer is within [min, max] (unresolved tokens pass through). */
export function integerInRange(scope: IConstruct, property: string, value: number, min: number, max: number): number {
  if (Token.isUnresolved(value)) {
    return value;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(scope, property, `must be an integer between ${min} and ${max}; got ${JSON.stringify(value)}`);
  }
  return value;
}


/**
 * Like {@link secondsInRange}, for a value that is never deployed but only checked against at
 * synth (a token could not be checked, and would silently turn every check off): fails on tokens.
 */
export function literalSecondsInRange(scope: IConstruct, property: string, value: Duration, min: number, max: number): number {
  if (value instanceof Duration && value.isUnresolved()) {
    fail(scope, property, `must be a literal Duration between ${min} and ${max} seconds: it is not deployed, only used at synth to check the timeouts that are; got an unresolved token`);
  }
  return secondsInRange(scope, property, value, min, max);
}

/** Like {@link integerInRange}, for a number only used at synth (see {@link literalSecondsInRange}): fails on tokens. */
export function literalIntegerInRange(scope: IConstruct, property: string, value: number, min: number, max: number): number {
  if (Token.isUnresolved(value)) {
    fail(scope, property, `must be a literal integer between ${min} and ${max}: it is not deployed, only used at synth to check what is; got an unresolved token`);
  }
  return integerInRange(scope, property, value, min, max);
}

/**
 * A retention of whole days, 1 to `maxDays` (an S3 lifecycle expiration is a positive number of
 * days: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-s3-bucket-rule.html).
 * Without this, 0 days synthesizes and fails at deployment, and 36 hours fails with aws-cdk-lib's
 * own wording, which names no property. Tokens are accepted as they are.
 */
export function retentionDays(scope: IConstruct, property: string, value: Duration, maxDays: number): Duration {
  if (!(value instanceof Duration)) {
    fail(scope, property, `must be a Duration of 1 to ${maxDays} days`);
  }
  if (value.isUnresolved()) {
    return value;
  }
  const seconds = value.toSeconds({ integral: false });
  const days = seconds / 86400;
  if (!Number.isInteger(days) || days < 1 || days > maxDays) {
    fail(scope, property, `must be a whole number of days from 1 to ${maxDays} (an S3 lifecycle expiration); got ${value.toHumanString()}`);
  }
  return value;
}

/** Checks a host name (tokens pass through). */
export function checkHostName(scope: IConstruct, property: string, value: string, allowWildcard = false): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  if (!isHostName(value, { fullyQualified: true, allowWildcard })) {
    fail(scope, property, `must be a fully qualified DNS name such as gms.example.com${allowWildcard ? ' (or *.example.com)' : ''}; got ${JSON.stringify(value)}`);
  }
}

/** The region of an ACM certificate ARN or undefined when it is not known at synth time. */
function certificateRegion(certificateArn: string): string | undefined {
  if (Token.isUnresolved(certificateArn)) {
    return undefined;
  }
  const parts = certificateArn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[2] === 'acm' && !Token.isUnresolved(parts[3]) ? parts[3] : undefined;
}

/**
 * The region of an ACM certificate, when known at synth time: from its ARN (imported
 * certificates report the importing stack's region as their env), else from its env.
 */
export function regionOfCertificate(certificate: { readonly certificateArn: string; readonly env?: { readonly region: string } }): string | undefined {
  const fromArn = certificateRegion(certificate.certificateArn);
  if (fromArn !== undefined) {
    return fromArn;
  }
  const region = certificate.env?.region;
  return region !== undefined && !Token.isUnresolved(region) ? region : undefined;
}

/**
 * Acknowledges a cdk-nag finding on a construct and its children, with the reason, through
 * aws-cdk-lib's own Validations API (no cdk-nag import): the finding is inherent to this design.
 */
export function acknowledgeNagFinding(scope: IConstruct, ruleId: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: ruleId, reason });
}
