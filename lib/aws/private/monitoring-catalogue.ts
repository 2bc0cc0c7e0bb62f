/**
 * The AWS alarm catalogue: the cloud-neutral entries of lib/gms plus CloudFront's own, and the
 * AWS-only thresholds with their defaults and ranges.
 */
import { GMS_ALARMS, GmsAlarmDescription, GmsAlarmId, GmsAlarmThresholds, resolveAlarmThresholds } from '../../gms';
// From the module itself: the package index re-exports it as internal, which the declarations strip.
import type { ThresholdError } from '../../gms/monitoring';

/** Every alarm GmsEdgeMonitoring can create. */
export type GmsEdgeAlarmId =
  | GmsAlarmId
  | 'viewer5xxRate'
  | 'cookieFunctionExecutionErrors'
  | 'cookieFunctionValidationErrors'
  | 'cookieFunctionThrottles'
  | 'cookieFunctionComputeUtilization'
  | 'lambdaEdgeErrors'
  | 'lambdaEdgeThrottles';

/** What each AWS alarm watches and what to do when it fires. */
export const GMS_EDGE_ALARMS: Readonly<Record<GmsEdgeAlarmId, GmsAlarmDescription>> = {
  ...GMS_ALARMS,
  viewer5xxRate: {
    signal: 'CloudFront answers a share of viewer requests with 5xx (origin errors, timeouts, edge code failures)',
    whenItFires: 'Compare with the load balancer alarms: if they are quiet, look at CloudFront (origin read timeout below the long-poll hold gives 504, a certificate not matching the origin name gives 502, the cookie function\'s errors give 503).',
  },
  cookieFunctionExecutionErrors: {
    signal: 'the partitioned-cookie CloudFront Function failed (each failure is a 503 for the visitor)',
    whenItFires: 'The rewrite never throws by design: look at a preceding viewer-response code composed into the function (precedingViewerResponseCode) and its logs in /aws/cloudfront/function/<name> in us-east-1.',
  },
  cookieFunctionValidationErrors: {
    signal: 'the partitioned-cookie CloudFront Function returned an invalid response (a 502 for the visitor)',
    whenItFires: 'A preceding viewer-response handler returned something other than the response object; fix it and redeploy.',
  },
  cookieFunctionThrottles: {
    signal: 'CloudFront throttled the partitioned-cookie function (too slow, failing to compile, or a request flood)',
    whenItFires: 'Check its compute utilization and a preceding handler; a throttled function leaves responses unrewritten or failed.',
  },
  cookieFunctionComputeUtilization: {
    signal: 'the partitioned-cookie function uses a high share of its maximum time, on average',
    whenItFires: 'Close to 100 CloudFront stops the function: shorten a preceding handler, or narrow the cookie policy to the cookies that need it.',
  },
  lambdaEdgeErrors: {
    signal: 'the partitioned-cookie Lambda@Edge function failed in this region (a 5xx for the visitor)',
    whenItFires: 'Read its log group in the region that fired (the replicas log where they ran); the CloudFront console\'s Lambda@Edge graphs show the other regions.',
  },
  lambdaEdgeThrottles: {
    signal: 'Lambda throttled the partitioned-cookie Lambda@Edge function in this region (concurrency quota)',
    whenItFires: 'Raise the account\'s Lambda concurrency in that region, or move the rewrite to the CloudFront Function runtime.',
  },
};

/** Thresholds of the AWS alarms: the cloud-neutral ones and CloudFront's. */
export interface GmsEdgeAlarmThresholds extends GmsAlarmThresholds {
  /**
   * CloudFront's 5xxErrorRate, in percent (0–100), averaged per minute for five minutes, above
   * which `viewer5xxRate` fires (CloudFront's own example alarm: 5 % for 5 minutes).
   *
   * @default 5
   */
  readonly viewer5xxRatePercent?: number;

  /**
   * Execution errors, validation errors and throttles of the cookie function (CloudFront
   * Function or Lambda@Edge) in five minutes above which their alarms fire (0 or more).
   *
   * @default 0
   */
  readonly edgeCodeErrorsPerFiveMinutes?: number;

  /**
   * The cookie CloudFront Function's average compute utilization, in percent (1–100), for
   * fifteen minutes, above which `cookieFunctionComputeUtilization` fires (CloudFront's example:
   * above 70 % for 15 minutes).
   *
   * @default 70
   */
  readonly functionComputeUtilizationPercent?: number;
}

/** The defaults of the AWS-only thresholds. */
export const GMS_EDGE_AWS_ALARM_DEFAULTS = {
  viewer5xxRatePercent: 5,
  edgeCodeErrorsPerFiveMinutes: 0,
  functionComputeUtilizationPercent: 70,
} as const;

const AWS_RANGES = {
  viewer5xxRatePercent: { min: 0, max: 100, integer: false },
  edgeCodeErrorsPerFiveMinutes: { min: 0, max: 1_000_000, integer: true },
  functionComputeUtilizationPercent: { min: 1, max: 100, integer: false },
} as const;

/** Every threshold with its default, or the first one out of range. */
export function resolveEdgeAlarmThresholds(thresholds: GmsEdgeAlarmThresholds | undefined): { thresholds: Required<GmsEdgeAlarmThresholds> } | ThresholdError {
  const neutral = resolveAlarmThresholds(thresholds);
  if ('error' in neutral) {
    return neutral;
  }
  const resolved: Record<string, number> = { ...neutral.thresholds };
  for (const key of Object.keys(AWS_RANGES) as Array<keyof typeof AWS_RANGES>) {
    const value = thresholds?.[key];
    const { min, max, integer } = AWS_RANGES[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value)))) {
      return { property: `thresholds.${key}`, error: `must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}; got ${JSON.stringify(value)}` };
    }
    resolved[key] = value ?? GMS_EDGE_AWS_ALARM_DEFAULTS[key];
  }
  return { thresholds: resolved as unknown as Required<GmsEdgeAlarmThresholds> };
}
