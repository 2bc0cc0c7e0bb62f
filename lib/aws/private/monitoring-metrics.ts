/**
 * The CloudWatch metrics GmsEdgeMonitoring alarms on and graphs, one pure function each, with the
 * page that names the metric, its namespace, dimensions and statistic.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** CloudFront publishes its metrics (distribution and CloudFront Functions) in us-east-1 only. */
export const CLOUDFRONT_METRICS_REGION = 'us-east-1';

/** Elastic Load Balancing sends its metrics in 60-second intervals (ALB User Guide, CloudWatch metrics). */
const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

/** The dimensions of a target group's metrics: both are needed, as published. */
export interface TargetGroupDimensions {
  /** `app/<name>/<id>`, the final portion of the load balancer ARN (`loadBalancerFullName`). */
  readonly loadBalancer: string;
  /** `targetgroup/<name>/<id>`, the final portion of the target group ARN (`targetGroupFullName`). */
  readonly targetGroup: string;
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
// Namespace AWS/ApplicationELB; dimensions LoadBalancer and TargetGroup; HealthyHostCount and
// UnHealthyHostCount: Average, Minimum, Maximum ("reported if health checks are enabled");
// HTTPCode_* and RequestCount: Sum ("reported when nonzero", RequestCount always);
// TargetResponseTime: Average and pNN.NN percentiles, in seconds.
const ALB_NAMESPACE = 'AWS/ApplicationELB';

function targetGroupMetric(metricName: string, dims: TargetGroupDimensions, statistic: string, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: ALB_NAMESPACE,
    metricName,
    dimensionsMap: { LoadBalancer: dims.loadBalancer, TargetGroup: dims.targetGroup },
    statistic,
    period,
  });
}

function loadBalancerMetric(metricName: string, loadBalancer: string, statistic: string, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: ALB_NAMESPACE, metricName, dimensionsMap: { LoadBalancer: loadBalancer }, statistic, period });
}

/** Unhealthy targets, the highest any load balancer node reports in each minute. */
export function unhealthyHostCount(dims: TargetGroupDimensions): cloudwatch.Metric {
  return targetGroupMetric('UnHealthyHostCount', dims, 'Maximum', ONE_MINUTE);
}

/** Healthy targets, the highest any load balancer node reports: below 1 means no node sees one. */
export function healthyHostCount(dims: TargetGroupDimensions): cloudwatch.Metric {
  return targetGroupMetric('HealthyHostCount', dims, 'Maximum', ONE_MINUTE);
}

/** Requests the target group received, per five minutes. */
export function targetGroupRequestCount(dims: TargetGroupDimensions): cloudwatch.Metric {
  return targetGroupMetric('RequestCount', dims, 'Sum', FIVE_MINUTES);
}

/** 5xx responses the group's nodes sent, per five minutes (not the load balancer's own). */
export function targetGroup5xxCount(dims: TargetGroupDimensions): cloudwatch.Metric {
  return targetGroupMetric('HTTPCode_Target_5XX_Count', dims, 'Sum', FIVE_MINUTES);
}

/**
 * The share of the group's responses that are 5xx, in percent, and 0 below `minimumRequests`
 * requests in the window. Metric math IF and FILL:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
 */
export function targetGroup5xxRate(dims: TargetGroupDimensions, minimumRequests: number): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `IF(requests >= ${minimumRequests}, 100 * FILL(errors, 0) / requests, 0)`,
    usingMetrics: { requests: targetGroupRequestCount(dims), errors: targetGroup5xxCount(dims) },
    period: FIVE_MINUTES,
    label: 'Node 5xx (%)',
  });
}

/** The group's response time at a percentile, in seconds, per five minutes. */
export function targetResponseTime(dims: TargetGroupDimensions, percentile: number): cloudwatch.Metric {
  return targetGroupMetric('TargetResponseTime', dims, `p${percentile}`, FIVE_MINUTES);
}

/** 5xx responses the load balancer generated itself, per five minutes. */
export function loadBalancer5xxCount(loadBalancer: string): cloudwatch.Metric {
  return loadBalancerMetric('HTTPCode_ELB_5XX_Count', loadBalancer, 'Sum', FIVE_MINUTES);
}

/** Connections refused because the load balancer reached its maximum, per five minutes. */
export function rejectedConnectionCount(loadBalancer: string): cloudwatch.Metric {
  return loadBalancerMetric('RejectedConnectionCount', loadBalancer, 'Sum', FIVE_MINUTES);
}

/** Requests the load balancer processed, per five minutes. */
export function loadBalancerRequestCount(loadBalancer: string): cloudwatch.Metric {
  return loadBalancerMetric('RequestCount', loadBalancer, 'Sum', FIVE_MINUTES);
}

// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html
// Namespace AWS/CloudFront, dimension Region always "Global" (without it a query returns nothing),
// DistributionId for distribution metrics, FunctionName for CloudFront Functions; in us-east-1
// only. 5xxErrorRate (Average, Percent) and Requests (Sum) are default metrics, no "additional
// metrics" subscription needed.
const CLOUDFRONT_NAMESPACE = 'AWS/CloudFront';

/** The share of viewer requests answered 5xx, per minute. */
export function distribution5xxErrorRate(distributionId: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: CLOUDFRONT_NAMESPACE, metricName: '5xxErrorRate', dimensionsMap: { DistributionId: distributionId, Region: 'Global' },
    statistic: 'Average', period: ONE_MINUTE, region: CLOUDFRONT_METRICS_REGION,
  });
}

/** Viewer requests, per five minutes. */
export function distributionRequests(distributionId: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: CLOUDFRONT_NAMESPACE, metricName: 'Requests', dimensionsMap: { DistributionId: distributionId, Region: 'Global' },
    statistic: 'Sum', period: FIVE_MINUTES, region: CLOUDFRONT_METRICS_REGION,
  });
}

/**
 * The CloudFront Functions metrics: FunctionInvocations, FunctionExecutionErrors (the function
 * failed: a 503 for the viewer), FunctionValidationErrors (an invalid returned event: a 502),
 * FunctionThrottles (sums) and FunctionComputeUtilization (0–100, percent of the maximum time).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/monitoring-functions.html
 */
export type CloudFrontFunctionMetricName = 'FunctionInvocations' | 'FunctionExecutionErrors' | 'FunctionValidationErrors' | 'FunctionThrottles' | 'FunctionComputeUtilization';

/** A CloudFront Function metric: sums per five minutes, compute utilization averaged. */
export function cloudFrontFunctionMetric(metricName: CloudFrontFunctionMetricName, functionName: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: CLOUDFRONT_NAMESPACE, metricName, dimensionsMap: { FunctionName: functionName, Region: 'Global' },
    statistic: metricName === 'FunctionComputeUtilization' ? 'Average' : 'Sum', period: FIVE_MINUTES, region: CLOUDFRONT_METRICS_REGION,
  });
}

/**
 * Lambda@Edge replicas report the standard AWS/Lambda metrics in the region where they ran, under
 * the function name prefixed with `us-east-1.` ("CloudWatch metrics ... are stored in the Region
 * closest to the location where the function executed",
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-edge-testing-debugging.html;
 * the `us-east-1.<name>` FunctionName as the CloudWatch console graphs it: aws/aws-cdk#5449).
 */
export type LambdaEdgeMetricName = 'Invocations' | 'Errors' | 'Throttles';

/** A Lambda@Edge replica metric, summed per five minutes, in `region` (default: the stack's). */
export function lambdaEdgeMetric(metricName: LambdaEdgeMetricName, functionName: string, region?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Lambda', metricName, dimensionsMap: { FunctionName: `us-east-1.${functionName}` },
    statistic: 'Sum', period: FIVE_MINUTES, region,
  });
}
