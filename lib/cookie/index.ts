/**
 * The cookie module's own barrel, used by lib/aws and lib/azure. What users see is chosen in
 * lib/index.ts: `isHttpToken` is shared with the cloud folders but is not part of the package API.
 */
export { CookiePolicy, isHttpToken } from './policy';
export type { CookiePolicyProps, CookieRewriteRules } from './policy';
export { CLOUDFRONT_FUNCTION_MAX_BYTES, cloudFrontFunctionCode, lambdaEdgeHandlerCode } from './edge-source';
export { partitionSetCookie } from './partition';
export { appGatewayRewriteRuleSet, partitionedCookieMatchers, partitionedSetCookieTemplate } from './app-gateway-rewrite';
export type {
  AppGatewayHeaderConfiguration,
  AppGatewayHeaderValueMatcher,
  AppGatewayRewriteActionSet,
  AppGatewayRewriteRule,
  AppGatewayRewriteRuleCondition,
  AppGatewayRewriteRuleSet,
  AppGatewayRewriteRuleSetOptions,
  PartitionedCookieMatcher,
} from './app-gateway-rewrite';
