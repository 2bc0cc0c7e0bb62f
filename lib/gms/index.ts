/**
 * The cloud-neutral GMS vocabulary: facts about GMS nodes and the input checks both clouds share.
 * No cloud library is imported here (a test enforces it).
 */
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
} from './facts';
export { EXPOSE_EVERYTHING_WARNING, GMS_CHAT_PATH_PATTERNS, GMS_EXPOSE_EVERYTHING, isPathExposed, resolveExposure } from './exposure';
export type { ExposureResult, GmsExposure } from './exposure';
export { checkHealthCheck, GMS_DEFAULT_HEALTH_SERVICE_NAME, GmsHealthCheck } from './health-check';
export type { GmsCustomHealthCheckOptions, GmsGetServiceHealthCheckOptions, GmsHealthCheckKind, HealthCheckPlatform, HealthCheckWarning } from './health-check';
export { GMS_ALARM_DEFAULTS, GMS_ALARMS, GMS_LATENCY_EXCLUDES_LONG_POLLS, GMS_LONG_POLL_PATHS, GMS_REST_LATENCY_PERCENTILE, servesLongPolls } from './monitoring';
export type { GmsAlarmDescription, GmsAlarmId, GmsAlarmThresholds } from './monitoring';
// The shared checks are for lib/aws and lib/azure only: @internal, so stripped from dist/.
/** @internal */
export { cidrContains, fail, ipv4InCidr, isHostName, isIpv4Address, isPrivateIpv4Address, parseIpv4Cidr, pathPatternCovers } from './validators';
/** @internal */
export { resolveAlarmThresholds } from './monitoring';
/** @internal */
export { healthCheckFields } from './health-check';
/** @internal */
export type { ThresholdError } from './monitoring';
/** @internal */
export type { HasConstructPath, HostNameOptions, Ipv4Cidr } from './validators';
/** @internal */
export { checkIpv4CidrHostBits, formatIpv4Cidr, ipv4CidrsOverlap } from './validators';
