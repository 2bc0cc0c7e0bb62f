/**
 * What viewers see of the distribution's security: the response headers policy and the TLS of
 * the default certificate.
 */
import { Duration, Names, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { resolveSecurityHeaders, SecurityHeadersOptions } from '../../headers/security-headers';
import { fail, warn } from './validation';

/** CloudFront's maximum length of a response headers policy name. */
const RESPONSE_HEADERS_POLICY_NAME_MAX = 128;
/** Room kept for `-<region>` in the policy name. */
const REGION_SUFFIX_ROOM = 21;

/**
 * The response headers policy of the behavior: yours, or one with the security headers of
 * {@link resolveSecurityHeaders} (HSTS, nosniff, Referrer-Policy, CSP frame-ancestors when the
 * embedding sites are listed; never X-Frame-Options). CloudFront replaces the origin's own values.
 */
export function responseHeadersPolicyFor(scope: Construct, options: SecurityHeadersOptions | undefined,
  existing: cloudfront.IResponseHeadersPolicy | undefined): cloudfront.IResponseHeadersPolicy {
  if (existing !== undefined) {
    if (options !== undefined) {
      fail(scope, 'securityHeaders', 'configures the response headers policy this construct creates; it conflicts with existingResponseHeadersPolicy (put the headers into your policy)');
    }
    return existing;
  }
  let resolved;
  try {
    resolved = resolveSecurityHeaders(options);
  } catch (error) {
    fail(scope, 'securityHeaders', `is invalid: ${(error as Error).message}`);
  }
  return new cloudfront.ResponseHeadersPolicy(scope, 'ResponseHeadersPolicy', {
    // Names are global to the account, as for the origin request policy.
    responseHeadersPolicyName: `${Names.uniqueResourceName(scope, { maxLength: RESPONSE_HEADERS_POLICY_NAME_MAX - REGION_SUFFIX_ROOM, separator: '-' })}-${Stack.of(scope).region}`,
    comment: 'GMS: HSTS, nosniff, Referrer-Policy; no X-Frame-Options (the chat widget is embedded cross-site)',
    securityHeadersBehavior: {
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(resolved.hstsMaxAgeSeconds),
        includeSubdomains: resolved.hstsIncludeSubDomains,
        preload: resolved.hstsPreload,
        override: true,
      },
      contentTypeOptions: { override: true },
      referrerPolicy: { referrerPolicy: resolved.referrerPolicy as cloudfront.HeadersReferrerPolicy, override: true },
      contentSecurityPolicy: resolved.contentSecurityPolicy === undefined ? undefined : { contentSecurityPolicy: resolved.contentSecurityPolicy, override: true },
    },
  });
}

/**
 * Without a custom domain the distribution answers with CloudFront's default `*.cloudfront.net`
 * certificate, and CloudFront then sets the security policy to TLSv1 whatever MinimumProtocolVersion
 * says (CloudFront API Reference, ViewerCertificate): viewers may negotiate TLS 1.0 and 1.1.
 */
export function warnDefaultCertificate(scope: Construct, domainNames: readonly string[]): void {
  if (domainNames.length === 0) {
    warn(scope, 'defaultCertificateAllowsTls1', 'domainNames',
      'is empty, so viewers reach the distribution on *.cloudfront.net with CloudFront\'s default certificate, whose security policy is fixed at TLSv1 (TLS 1.0 and 1.1 accepted). Set domainNames and a us-east-1 certificate to get TLSv1.2_2021.');
  }
}
