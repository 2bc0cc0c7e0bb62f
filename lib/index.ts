/**
 * gms-edge-constructs: the cloud-neutral cookie policy, the generators of its four enforcement
 * points (the partitioning of one Set-Cookie value, the CloudFront Function and Lambda@Edge
 * sources, the Application Gateway rewrite rule set) and the GMS facts. Nothing here loads a
 * cloud library.
 * AWS constructs: `gms-edge-constructs/aws`; Azure constructs: `gms-edge-constructs/azure` (CDK for
 * Terraform) or `gms-edge-constructs/azure-cdktn` (CDK Terrain); live checks: `gms-edge-constructs/verify`.
 *
 * The public API is this list and the lists in lib/aws/index.ts and lib/azure/index.ts, and
 * docs/api-report/ records it: `npm run api` after a deliberate change.
 *
 * @packageDocumentation
 * @module gms-edge-constructs
 */

// The policy.
export { CookiePolicy } from './cookie';
export type { CookiePolicyProps, CookieRewriteRules } from './cookie';

// One Set-Cookie value, and the edge code generated from a policy.
export { partitionSetCookie, cloudFrontFunctionCode, lambdaEdgeHandlerCode, CLOUDFRONT_FUNCTION_MAX_BYTES } from './cookie';

// The Application Gateway rewrite rule set. Exported here only, not from /azure: like the
// CloudFront sources it is a pure function of the policy, usable for a gateway managed elsewhere
// without loading cdktf.
export { appGatewayRewriteRuleSet, partitionedCookieMatchers, partitionedSetCookieTemplate } from './cookie';
export type {
  AppGatewayHeaderConfiguration,
  AppGatewayHeaderValueMatcher,
  AppGatewayRewriteActionSet,
  AppGatewayRewriteRule,
  AppGatewayRewriteRuleCondition,
  AppGatewayRewriteRuleSet,
  AppGatewayRewriteRuleSetOptions,
  PartitionedCookieMatcher,
} from './cookie';

// The GMS facts both clouds build on (the node port, the /genesys paths, the node status, CometD's
// long-poll hold). The shared input checks of lib/gms stay internal.

// The security response headers both edges add (HSTS, nosniff, Referrer-Policy, optional CSP frame-ancestors).
export { resolveSecurityHeaders, securityResponseHeaders } from './headers/security-headers';
export type { ReferrerPolicyValue, ResolvedSecurityHeaders, ResponseHeader, SecurityHeadersOptions } from './headers/security-headers';
export {
  COMETD_LONG_POLL_HOLD_SECONDS,
  GMS_BASE_PATH,
  GMS_CHAT_API_V2_PATH,
  GMS_CHAT_NOTIFICATIONS_PATH,
  GMS_COMETD_PATH,
  GMS_NODE_CHANGE_STATUS_PATH,
  GMS_NODE_PORT,
  GMS_NODE_STATUS_ONLINE,
  GMS_NODE_STATUS_PATH,
  GMS_SERVICE_PATH,
  GMS_CHAT_PATH_PATTERNS,
  GMS_EXPOSE_EVERYTHING,
  GMS_DEFAULT_HEALTH_SERVICE_NAME,
  GmsHealthCheck,
  GMS_ALARM_DEFAULTS,
  GMS_ALARMS,
  GMS_LATENCY_EXCLUDES_LONG_POLLS,
  GMS_LONG_POLL_PATHS,
  GMS_REST_LATENCY_PERCENTILE,
  servesLongPolls,
} from './gms';
export type { GmsCustomHealthCheckOptions, GmsGetServiceHealthCheckOptions, GmsHealthCheckKind, GmsAlarmDescription, GmsAlarmId, GmsAlarmThresholds } from './gms';
