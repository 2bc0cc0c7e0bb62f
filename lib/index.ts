/**
 * gms-edge-constructs: the cloud-neutral cookie policy and its enforcement points.
 * AWS constructs: `gms-edge-constructs/aws`; Azure constructs: `gms-edge-constructs/azure` (CDK for
 * Terraform) or `gms-edge-constructs/azure-cdktn` (CDK Terrain).
 */
export * from './cookie';
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
} from './gms';
export type { GmsCustomHealthCheckOptions, GmsGetServiceHealthCheckOptions, GmsHealthCheckKind } from './gms';
