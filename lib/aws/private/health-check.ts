/**
 * The ALB health check of a node group from the cloud-neutral {@link GmsHealthCheck}: checked,
 * warned about, and rendered as target-group settings.
 */
import { Duration, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { checkHealthCheck, GmsHealthCheck, healthCheckFields, HealthCheckPlatform } from '../../gms';
import type { GmsHealthCheckTiming } from '../gms-node-group';
import { fail, integerInRange, secondsInRange, warn } from './validation';

/**
 * ALB target-group health checks: the matcher takes codes 200–499 and no body (Elastic Load
 * Balancing user guide, "Health checks for Application Load Balancer target groups": HttpCode,
 * HealthCheckIntervalSeconds 5–300, HealthCheckTimeoutSeconds 2–120, thresholds 2–10).
 */
export const ALB_HEALTH_CHECK_PLATFORM: HealthCheckPlatform = { name: 'ALB', matchesBody: false, statusCodeRange: [200, 499] };

/** Checks the health check and its timing, warns about blind spots, and renders the target-group settings. */
export function albHealthCheckOf(scope: Construct, check: GmsHealthCheck, timing: GmsHealthCheckTiming = {}): elbv2.HealthCheck {
  refuseTokens(scope, check);
  const { error, warnings } = checkHealthCheck(check, ALB_HEALTH_CHECK_PLATFORM);
  if (error !== undefined) {
    fail(scope, 'healthCheck', error);
  }
  for (const warning of warnings) {
    warn(scope, warning.id, 'healthCheck', warning.message);
  }
  const interval = timing.interval ?? Duration.seconds(10);
  const timeout = timing.timeout ?? Duration.seconds(5);
  const intervalSeconds = secondsInRange(scope, 'healthCheckTiming.interval', interval, 5, 300);
  const timeoutSeconds = secondsInRange(scope, 'healthCheckTiming.timeout', timeout, 2, 120);
  if (timeoutSeconds >= intervalSeconds) {
    fail(scope, 'healthCheckTiming.timeout', `must be shorter than the interval (${intervalSeconds} s); got ${timeoutSeconds} s`);
  }
  const healthyThresholdCount = integerInRange(scope, 'healthCheckTiming.healthyThresholdCount', timing.healthyThresholdCount ?? 2, 2, 10);
  const unhealthyThresholdCount = integerInRange(scope, 'healthCheckTiming.unhealthyThresholdCount', timing.unhealthyThresholdCount ?? 3, 2, 10);
  return {
    protocol: elbv2.Protocol.HTTP,
    path: check.path,
    port: check.port === undefined ? undefined : String(check.port),
    healthyHttpCodes: check.statusCodes.join(','),
    interval,
    timeout,
    healthyThresholdCount,
    unhealthyThresholdCount,
  };
}

/**
 * A GmsHealthCheck is checked at synth for both clouds and its numbers become strings of the
 * matcher: a number token would be rendered as its encoding (-1.888e+289) and checked as such.
 * Literal values only, then, with a message that names the field.
 */
function refuseTokens(scope: Construct, check: GmsHealthCheck): void {
  if (!(check instanceof GmsHealthCheck)) {
    return;
  }
  const token = healthCheckFields(check).find(([, value]) => value !== undefined && Token.isUnresolved(value));
  if (token !== undefined) {
    fail(scope, `healthCheck ${token[0]}`, 'must be a literal value (GmsHealthCheck is checked at synth and rendered into the target group\'s health check as text); got an unresolved token');
  }
}
