/**
 * gms-edge-constructs/azure: GMS chat behind Azure Application Gateway v2 (CDK for Terraform),
 * with every GMS and affinity cookie rewritten into a CHIPS partitioned cookie. The build also
 * publishes this entry point for CDK Terrain as gms-edge-constructs/azure-cdktn (bin/cdktn-flavour.js).
 */
export * from './types';
export * from './application-gateway-arm';
export * from './application-gateway-validation';
export * from './gateway-network';
export * from './gms-node-group';
export * from './gms-application-gateway';
export { acknowledgeWarning, ACKNOWLEDGED_WARNINGS_CONTEXT_KEY } from './warnings';
export * from './gms-app-gateway-edge';
export { AzapiProvider, AzapiResource, AZAPI_PROVIDER_SOURCE, AZAPI_PROVIDER_VERSION_CONSTRAINT } from './internal/azapi';
export type { AzapiProviderConfig, AzapiResourceConfig, AzapiIdentity, AzapiRetry } from './internal/azapi';
export {
  appGatewayRewriteRuleSet,
  partitionedCookieMatchers,
  partitionedSetCookieTemplate,
} from '../cookie/app-gateway-rewrite';
export type {
  AppGatewayRewriteRuleSet,
  AppGatewayRewriteRuleSetOptions,
  AppGatewayRewriteRule,
  AppGatewayRewriteRuleCondition,
  AppGatewayHeaderConfiguration,
  AppGatewayHeaderValueMatcher,
  PartitionedCookieMatcher,
} from '../cookie/app-gateway-rewrite';
export { GmsHealthCheck, GMS_CHAT_PATH_PATTERNS } from '../gms';
export type { GmsCustomHealthCheckOptions, GmsGetServiceHealthCheckOptions } from '../gms';
