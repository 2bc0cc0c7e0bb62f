/**
 * gms-edge-constructs/aws: the GMS chat edge on AWS (aws-cdk-lib), CloudFront → ALB → GMS node
 * groups, with every Set-Cookie rewritten into a CHIPS partitioned cookie.
 */
// First: a clear message naming the packages to install, instead of "Cannot find module 'aws-cdk-lib'".
import './private/peers';
export * from './gms-edge';
export * from './gms-load-balancer';
export * from './gms-node-group';
export * from './partitioned-cookie-function';
export * from './partitioned-cookie-edge-function';
export { CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST } from './private/cloudfront-prefix-list';
export { GmsHealthCheck, GMS_CHAT_PATH_PATTERNS } from '../gms';
export type { GmsCustomHealthCheckOptions, GmsGetServiceHealthCheckOptions } from '../gms';
