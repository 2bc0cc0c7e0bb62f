/**
 * The CloudWatch dashboard of GmsEdgeMonitoring: the alarms' states, then requests, errors, host
 * health, REST latency and the cookie code, one row each. CloudFront's graphs read us-east-1 and
 * Lambda@Edge's each region listed: a dashboard graph may mix regions, an alarm may not.
 */
import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { servesLongPolls } from '../../gms';
import type { GmsEdge } from '../gms-edge';
import type { GmsLoadBalancer } from '../gms-load-balancer';
import * as metrics from './monitoring-metrics';

/** What the dashboard shows. */
export interface MonitoringDashboardProps {
  readonly dashboardName?: string;
  readonly loadBalancer: GmsLoadBalancer;
  readonly edge?: GmsEdge;
  readonly restLatencyPercentile: number;
  readonly lambdaEdgeFunctionName?: string;
  readonly lambdaEdgeRegions: string[];
  readonly statusAlarms: cloudwatch.IAlarm[];
}

const FULL = 24;
const HALF = 12;

export function renderMonitoringDashboard(scope: Construct, id: string, props: MonitoringDashboardProps): cloudwatch.Dashboard {
  const dashboard = new cloudwatch.Dashboard(scope, id, { dashboardName: props.dashboardName });
  const lb = props.loadBalancer;
  const lbName = lb.loadBalancer.loadBalancerFullName;
  const groups = lb.nodeGroups.map((group) => ({
    group,
    dims: { loadBalancer: lbName, targetGroup: group.targetGroup.targetGroupFullName },
  }));
  if (props.statusAlarms.length > 0) {
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'GMS edge alarms', alarms: props.statusAlarms, width: FULL }));
  }
  const distributionId = props.edge?.distribution.distributionId;
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'Requests',
      width: HALF,
      left: [
        ...(distributionId === undefined ? [] : [metrics.distributionRequests(distributionId).with({ label: 'CloudFront viewer requests' })]),
        metrics.loadBalancerRequestCount(lbName).with({ label: 'Load balancer' }),
        ...groups.map(({ group, dims }) => metrics.targetGroupRequestCount(dims).with({ label: `Node group ${group.groupName}` })),
      ],
    }),
    new cloudwatch.GraphWidget({
      title: 'Errors',
      width: HALF,
      left: [
        metrics.loadBalancer5xxCount(lbName).with({ label: 'Load balancer 5xx' }),
        ...groups.map(({ group, dims }) => metrics.targetGroup5xxCount(dims).with({ label: `Node group ${group.groupName} 5xx` })),
      ],
      right: distributionId === undefined ? [] : [metrics.distribution5xxErrorRate(distributionId).with({ label: 'CloudFront 5xx (%)' })],
    }),
  );
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'Nodes: healthy and unhealthy',
      width: HALF,
      left: groups.flatMap(({ group, dims }) => [
        metrics.healthyHostCount(dims).with({ label: `${group.groupName} healthy` }),
        metrics.unhealthyHostCount(dims).with({ label: `${group.groupName} unhealthy` }),
      ]),
    }),
    new cloudwatch.GraphWidget({
      title: `REST response time p${props.restLatencyPercentile} (groups without CometD), seconds`,
      width: HALF,
      left: groups.filter(({ group }) => !servesLongPolls(group))
        .map(({ group, dims }) => metrics.targetResponseTime(dims, props.restLatencyPercentile).with({ label: group.groupName })),
    }),
  );
  const cookieFunction = props.edge?.partitionedCookieFunction;
  if (cookieFunction !== undefined) {
    const name = cookieFunction.function.functionName;
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Cookie function (CloudFront Function)',
        width: HALF,
        left: (['FunctionInvocations', 'FunctionExecutionErrors', 'FunctionValidationErrors', 'FunctionThrottles'] as const)
          .map((metricName) => metrics.cloudFrontFunctionMetric(metricName, name).with({ label: metricName })),
      }),
      new cloudwatch.GraphWidget({
        title: 'Cookie function compute utilization (%)',
        width: HALF,
        left: [metrics.cloudFrontFunctionMetric('FunctionComputeUtilization', name).with({ label: 'FunctionComputeUtilization' })],
      }),
    );
  }
  if (props.lambdaEdgeFunctionName !== undefined) {
    const name = props.lambdaEdgeFunctionName;
    const here = Stack.of(scope).region;
    const regions: Array<string | undefined> = [undefined, ...props.lambdaEdgeRegions.filter((region) => region !== here)];
    dashboard.addWidgets(new cloudwatch.GraphWidget({
      title: 'Cookie function (Lambda@Edge replicas)',
      width: FULL,
      left: regions.flatMap((region) => (['Invocations', 'Errors', 'Throttles'] as const).map((metricName) =>
        metrics.lambdaEdgeMetric(metricName, name, region).with({ label: `${metricName} ${region ?? 'this region'}` }))),
    }));
  }
  return dashboard;
}
