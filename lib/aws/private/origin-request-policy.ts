/**
 * The origin request policy of {@link GmsEdge}: every cookie and query string, and the headers
 * CometD and the Chat API need at the origin.
 */
import { Names, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { checkAdditionalHeaders } from './edge-input';
import { warn } from './validation';

/** CloudFront's maximum length of an origin request policy name. */
const ORIGIN_REQUEST_POLICY_NAME_MAX = 128;
/** Room kept for `-<region>` in the policy name (region names are at most 14 characters today). */
const REGION_SUFFIX_ROOM = 21;
/** CloudFront's default quota of headers in an origin request policy (adjustable). */
const ORIGIN_REQUEST_POLICY_HEADER_QUOTA = 10;

/** GMS's headers and the user's additional ones (checked), with a warning past CloudFront's default quota. */
export function originRequestHeaders(scope: Construct, gmsHeaders: readonly string[], additional: string[] | undefined): string[] {
  const headers = [...gmsHeaders, ...checkAdditionalHeaders(scope, gmsHeaders, additional)];
  if (headers.length > ORIGIN_REQUEST_POLICY_HEADER_QUOTA) {
    warn(scope, 'originRequestHeaderQuota', 'additionalOriginRequestHeaders',
      `brings the origin request policy to ${headers.length} headers; CloudFront's default quota is ${ORIGIN_REQUEST_POLICY_HEADER_QUOTA} ("Headers per origin request policy"): raise it before deploying.`);
  }
  return headers;
}

export function renderOriginRequestPolicy(scope: Construct, headers: string[]): cloudfront.OriginRequestPolicy {
  return new cloudfront.OriginRequestPolicy(scope, 'OriginRequestPolicy', {
    // Policy names are global to the account: the region keeps two deployments of one stack
    // (an environment-agnostic one in two regions) from colliding (OriginRequestPolicyAlreadyExists).
    originRequestPolicyName: `${Names.uniqueResourceName(scope, { maxLength: ORIGIN_REQUEST_POLICY_NAME_MAX - REGION_SUFFIX_ROOM, separator: '-' })}-${Stack.of(scope).region}`,
    comment: 'GMS: all cookies and query strings, CORS, Content-Type and WebSocket handshake headers',
    cookieBehavior: cloudfront.OriginRequestCookieBehavior.all(),
    queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
    headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...headers),
  });
}
