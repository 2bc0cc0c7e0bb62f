/**
 * gms-edge-constructs/aws: the GMS chat edge on AWS (aws-cdk-lib), CloudFront → ALB → GMS node
 * groups, with every Set-Cookie rewritten into a CHIPS partitioned cookie. The cookie policy
 * (`CookiePolicy`) comes from the package root, `gms-edge-constructs`.
 *
 * Named exports only: a new public name is added here on purpose, and shows in
 * docs/api-report/gms-edge-constructs-aws.api.md (`npm run api`).
 *
 * @packageDocumentation
 * @module gms-edge-constructs/aws
 */
// First: a clear message naming the packages to install, instead of "Cannot find module 'aws-cdk-lib'".
import './private/peers';

// The whole edge.
export { GmsEdge, CLOUDFRONT_LOG_UNSUPPORTED_REGIONS, GMS_ORIGIN_REQUEST_HEADERS } from './gms-edge';
export type { GmsEdgeProps, GmsEdgeLoadBalancerOverrides, EdgeRuntime } from './gms-edge';

// The pieces, usable alone.
export { GmsLoadBalancer, CLOUDFRONT_ORIGIN_SSL_POLICIES } from './gms-load-balancer';
export type { GmsLoadBalancerProps } from './gms-load-balancer';
export { GmsNodeGroup, GmsNodeTargets, GmsStickiness } from './gms-node-group';
export type { GmsNodeGroupProps, GmsNodeGroupOptions, IpNodeTargetsOptions } from './gms-node-group';
export { PartitionedCookieFunction } from './partitioned-cookie-function';
export type { PartitionedCookieFunctionProps } from './partitioned-cookie-function';
export { PartitionedCookieEdgeFunction } from './partitioned-cookie-edge-function';
export type { PartitionedCookieEdgeFunctionProps } from './partitioned-cookie-edge-function';
export { LAMBDA_EDGE_NODEJS_RUNTIMES } from './partitioned-cookie-edge-function';

// Alarms and a dashboard, created by GmsEdge (prop monitoring) or alone.
export { GmsEdgeMonitoring, GMS_EDGE_ALARMS, GMS_EDGE_AWS_ALARM_DEFAULTS, CLOUDFRONT_METRICS_REGION } from './gms-edge-monitoring';
export type { GmsEdgeMonitoringProps, GmsEdgeMonitoringOptions, GmsEdgeAlarm, GmsEdgeAlarmId, GmsEdgeAlarmThresholds } from './gms-edge-monitoring';

// Lambda@Edge log groups with a retention, created ahead in each region where replicas run.
export { EdgeFunctionLogGroups, edgeFunctionLogGroupStacks } from './edge-function-log-groups';
export type { EdgeFunctionLogGroupsProps, EdgeFunctionLogGroupStacksProps } from './edge-function-log-groups';

// CloudFront's origin timeout quotas, for raised ones.
export { CLOUDFRONT_DEFAULT_ORIGIN_TIMEOUT_QUOTAS } from './gms-edge';
export type { OriginTimeoutQuotas } from './gms-edge';

// The health-check and exposure vocabulary both clouds share.
export { GmsHealthCheck, GMS_CHAT_PATH_PATTERNS } from '../gms';
export type { GmsCustomHealthCheckOptions, GmsGetServiceHealthCheckOptions, GmsExposure } from '../gms';
export type { GmsHealthCheckTiming } from './gms-node-group';

// The name to look the prefix list up by, for `cloudFrontPrefixListId`.
export { CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST } from './private/cloudfront-prefix-list';
