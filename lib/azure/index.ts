/**
 * gms-edge-constructs/azure: GMS chat behind Azure Application Gateway v2 (CDK for Terraform),
 * with every GMS and affinity cookie rewritten into a CHIPS partitioned cookie. The cookie policy
 * and the rewrite rule set generator (`appGatewayRewriteRuleSet`) come from the package root,
 * `gms-edge-constructs`.
 *
 * The build also publishes this entry point for CDK Terrain as gms-edge-constructs/azure-cdktn
 * (bin/cdktn-flavour.js).
 *
 * Named exports only: a new public name is added here on purpose, and shows in
 * docs/api-report/gms-edge-constructs-azure.api.md (`npm run api`).
 *
 * @packageDocumentation
 * @module gms-edge-constructs/azure
 */
// First: a clear message naming the packages to install, before any module loads constructs or cdktf.
import './internal/cdktf-peers';

// The whole edge.
export { GmsAppGatewayEdge } from './gms-app-gateway-edge';
export type {
  GmsAppGatewayEdgeProps,
  GmsGatewayOverrides,
  GmsWafOptions,
  WafManagedRuleSet,
  GmsDiagnosticsOptions,
  ExistingGatewayIdentity,
} from './gms-app-gateway-edge';

// The pieces, usable alone.
export { GmsApplicationGateway } from './gms-application-gateway';
export type { GmsApplicationGatewayProps, GatewayAutoscale, GatewaySslPolicyName } from './gms-application-gateway';
export type { GmsNodeGroupOptions, GmsHealthCheckTiming } from './gms-node-group';
// The health-check and exposure vocabulary both clouds share.
export { GmsHealthCheck, GMS_CHAT_PATH_PATTERNS } from '../gms';
export type { GmsCustomHealthCheckOptions, GmsGetServiceHealthCheckOptions, GmsExposure } from '../gms';
export { GatewayNetwork } from './gateway-network';
export type { GatewayNetworkProps, ExistingVirtualNetwork } from './gateway-network';
export { GmsAppGatewayMonitoring } from './gms-app-gateway-monitoring';
export type { GmsAppGatewayMonitoringProps, GmsAppGatewayMonitoringOptions, GmsAppGatewayAlertThresholds } from './gms-app-gateway-monitoring';
export {
  APP_GATEWAY_METRIC_NAMESPACE,
  APP_GATEWAY_CAPACITY_UNITS_PER_INSTANCE,
  DEFAULT_ALERT_THRESHOLDS as GMS_APP_GATEWAY_ALERT_DEFAULTS,
  METRIC_ALERT_FREQUENCIES,
  METRIC_ALERT_WINDOWS,
} from './private/monitoring-alerts';
export type {
  AppGatewayAlertDefinition,
  AppGatewayAlertId,
  AppGatewayOnlyAlertId,
  AlertDimension,
  ResolvedAlertThresholds,
  RestLatencyAlertDefinition,
  MetricAlertWindow,
  MetricAlertFrequency,
} from './private/monitoring-alerts';
export type { ResourceGroupReference, GatewayCertificate, KeyVaultGatewayCertificate, PfxGatewayCertificate } from './types';

// Acknowledging a warning by its id (the README lists them).
export { acknowledgeWarning, ACKNOWLEDGED_WARNINGS_CONTEXT_KEY } from './warnings';

// Typed azapi wrappers, for this gateway and any other ARM resource.
export { AzapiProvider, AzapiResource, AZAPI_PROVIDER_SOURCE, AZAPI_PROVIDER_VERSION_CONSTRAINT, TERRAFORM_REQUIRED_VERSION } from './internal/azapi';
export type { AzapiProviderConfig, AzapiResourceConfig, AzapiIdentity, AzapiRetry } from './internal/azapi';

// The typed ARM body of the gateway: `GmsApplicationGateway.body` is the escape hatch, edited
// before synthesis, and these types describe it.
export { APPLICATION_GATEWAY_API_VERSION, APPLICATION_GATEWAY_RESOURCE_TYPE } from './application-gateway-arm';

// Zones that follow the region, the Key Vault grant and the wait after it.
export { AZURE_REGIONS_WITH_AVAILABILITY_ZONES, gatewayZones, normalizeAzureLocation } from './availability-zones';
export type { ZoneChoice } from './availability-zones';
export { KEY_VAULT_GRANT_PROPAGATION_WAIT, keyVaultGrantScope } from './key-vault-access';
export { TimeProvider, TimeSleep, TIME_PROVIDER_SOURCE, TIME_PROVIDER_VERSION_CONSTRAINT } from './internal/time';
export type { TimeSleepConfig } from './internal/time';
export type {
  ArmApplicationGatewayBody,
  ArmApplicationGatewayProperties,
  ArmApplicationGatewaySensitiveBody,
  ArmApplicationGatewaySkuName,
  ArmBackendAddress,
  ArmBackendAddressPool,
  ArmBackendHttpSettings,
  ArmConnectionDraining,
  ArmFrontendIpConfiguration,
  ArmFrontendPort,
  ArmGatewayIpConfiguration,
  ArmHttpListener,
  ArmNamed,
  ArmPathRule,
  ArmProbe,
  ArmProbeMatch,
  ArmProtocol,
  ArmRedirectConfiguration,
  ArmRequestRoutingRule,
  ArmSslCertificate,
  ArmSubResource,
  ArmUrlPathMap,
} from './application-gateway-arm';
