/**
 * The metric alerts of a GMS Application Gateway, as pure data: which metric, aggregation,
 * dimension filter, operator, threshold, window and severity, and what an operator does when one
 * fires. GmsAppGatewayMonitoring turns each into an `azurerm_monitor_metric_alert`; the README's
 * alert table and the dashboard come from the same list.
 *
 * Metric names, units, aggregations and dimensions: Microsoft's supported-metrics reference for
 * Microsoft.Network/applicationGateways,
 * https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-network-applicationgateways-metrics
 */
import { COMETD_LONG_POLL_HOLD_SECONDS, GMS_ALARM_DEFAULTS, GMS_CHAT_API_V2_PATH, GMS_REST_LATENCY_PERCENTILE, GmsAlarmId } from '../../gms';
import { ArmApplicationGatewayBody, ArmSubResource } from '../application-gateway-arm';
import { REFUSED_POOL } from './application-gateway-body';

/** The metric namespace of Application Gateway v2 (the resource type; supported-metrics reference above). */
export const APP_GATEWAY_METRIC_NAMESPACE = 'Microsoft.Network/applicationGateways';

/**
 * Capacity units one gateway instance handles: "each instance can currently support approximately
 * 10 capacity units", and one instance "can handle a minimum of 10 compute units"
 * (https://learn.microsoft.com/azure/application-gateway/application-gateway-autoscaling-zone-redundant,
 * https://learn.microsoft.com/azure/application-gateway/high-traffic-support). At the autoscale
 * maximum the gateway cannot grow: `maxCapacity × 10` units is the ceiling the capacity alerts
 * measure against.
 */
export const APP_GATEWAY_CAPACITY_UNITS_PER_INSTANCE = 10;

/**
 * Evaluation frequencies and windows azurerm_monitor_metric_alert accepts (its `frequency` and
 * `window_size` validation, hashicorp/terraform-provider-azurerm
 * internal/services/monitor/monitor_metric_alert_resource.go).
 */
export const METRIC_ALERT_FREQUENCIES = ['PT1M', 'PT5M', 'PT15M', 'PT30M', 'PT1H'] as const;
/** The windows azurerm_monitor_metric_alert accepts (same source). */
export const METRIC_ALERT_WINDOWS = ['PT1M', 'PT5M', 'PT15M', 'PT30M', 'PT1H', 'PT6H', 'PT12H', 'P1D'] as const;
/** An ISO 8601 duration Azure Monitor metric alerts accept as a window. */
export type MetricAlertWindow = typeof METRIC_ALERT_WINDOWS[number];
/** An ISO 8601 duration Azure Monitor metric alerts accept as an evaluation frequency. */
export type MetricAlertFrequency = typeof METRIC_ALERT_FREQUENCIES[number];

/** The thresholds of the alerts, all resolved. */
export interface ResolvedAlertThresholds {
  readonly unhealthyHostMinutes: number;
  readonly failedRequests: number;
  readonly balancer5xxPerFiveMinutes: number;
  readonly backend5xxPerFiveMinutes: number;
  readonly capacityPercentOfMaximum: number;
  readonly backendConnectTimeMilliseconds: number;
  readonly restLatencySeconds: number;
}

/**
 * Default thresholds. Microsoft calls its own suggestions "purely suggestions and generic in
 * nature" (high-traffic-support above); these follow Azure Monitor Baseline Alerts for Application
 * Gateway where it has a static value (unhealthy hosts > 0, failed requests > 10 in 5 minutes,
 * capacity and compute units at 75 % —
 * https://azure.github.io/azure-monitor-baseline-alerts/services/Network/applicationGateways/), and
 * are the library's choice otherwise (see docs/monitoring.md).
 */
export const DEFAULT_ALERT_THRESHOLDS: ResolvedAlertThresholds = {
  unhealthyHostMinutes: GMS_ALARM_DEFAULTS.unhealthyHostMinutes,
  failedRequests: 10,
  // Higher than on AWS: the gateway answers unpublished paths 502 itself, so scanners add to it.
  balancer5xxPerFiveMinutes: 50,
  backend5xxPerFiveMinutes: 10,
  capacityPercentOfMaximum: 75,
  backendConnectTimeMilliseconds: 1000,
  restLatencySeconds: GMS_ALARM_DEFAULTS.restLatencySeconds,
};

/** The signals only the Application Gateway alerts on, besides the shared ones of GMS_ALARMS. */
export type AppGatewayOnlyAlertId = 'failedRequests' | 'backend5xx' | 'capacityUnits' | 'computeUnits' | 'backendConnectTime';

/** An alert's id: a shared signal of GMS_ALARMS, or one of the gateway's own. */
export type AppGatewayAlertId = GmsAlarmId | AppGatewayOnlyAlertId;

/** The alert's resource name suffix: `unhealthyHosts` → `unhealthy-hosts`. */
export function alertNameSuffix(id: AppGatewayAlertId): string {
  return id.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** A dimension filter of a metric alert criterion. */
export interface AlertDimension {
  readonly name: string;
  readonly operator: 'Include' | 'Exclude';
  readonly values: string[];
}

/** One metric alert: a single static criterion on one gateway metric. */
export interface AppGatewayAlertDefinition {
  /** The signal's id (shared with AWS where the signal is the same); its name is `<prefix>-agw-<id in kebab case>`. */
  readonly key: AppGatewayAlertId;
  readonly title: string;
  readonly metricName: string;
  readonly aggregation: 'Average' | 'Minimum' | 'Maximum' | 'Total';
  readonly operator: 'GreaterThan' | 'LessThan';
  readonly threshold: number;
  readonly dimensions: AlertDimension[];
  readonly windowSize: MetricAlertWindow;
  readonly frequency: MetricAlertFrequency;
  /** Azure Monitor severity: 0 critical, 1 error, 2 warning, 3 informational. */
  readonly severity: 0 | 1 | 2 | 3;
  /** What it means and what to do: the alert's description (shown in its notification). */
  readonly description: string;
}

/** What the alerts need to know about the gateway. */
export interface AlertTargets {
  /** `<backend pool>~<backend settings>` pairs of the node groups (the BackendSettingsPool values). */
  readonly backendSettingsPools: string[];
  /** The autoscale maximum, in instances. */
  readonly maxCapacity: number;
}

const FIVE_MINUTES = { windowSize: 'PT5M', frequency: 'PT1M' } as const;

/** The window of the unhealthy-hosts alert: the minutes a node may stay unhealthy, one of the windows metric alerts accept. */
export const UNHEALTHY_HOST_WINDOWS: Readonly<Record<number, MetricAlertWindow>> = { 1: 'PT1M', 5: 'PT5M', 15: 'PT15M', 30: 'PT30M', 60: 'PT1H' };

/**
 * The alerts, in the order of the README's table. Per-pool alerts filter the BackendSettingsPool
 * dimension (values `<pool>~<settings>`,
 * https://learn.microsoft.com/azure/application-gateway/ingress-controller-autoscale-pods) to the node
 * groups' pools, so that the pool answering unpublished paths (no backends, by design) never counts;
 * a rule with dimension values evaluates each value's time series separately
 * (https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-metric-multiple-time-series-single-rule).
 */
export function appGatewayAlertDefinitions(thresholds: ResolvedAlertThresholds, targets: AlertTargets): AppGatewayAlertDefinition[] {
  const perPool: AlertDimension[] = [{ name: 'BackendSettingsPool', operator: 'Include', values: targets.backendSettingsPools }];
  const serverErrors: AlertDimension[] = [{ name: 'HttpStatusGroup', operator: 'Include', values: ['5xx'] }];
  const capacityCeiling = capacityUnitThreshold(thresholds.capacityPercentOfMaximum, targets.maxCapacity);
  return [
    {
      key: 'unhealthyHosts', title: 'Unhealthy GMS nodes', metricName: 'UnhealthyHostCount', aggregation: 'Average',
      operator: 'GreaterThan', threshold: 0, dimensions: perPool, windowSize: UNHEALTHY_HOST_WINDOWS[thresholds.unhealthyHostMinutes], frequency: 'PT1M', severity: 2,
      description: 'GMS nodes of a node group fail the health probe (per backend pool). Check the node\'s GMS service and its node status (ONLINE/OFFLINE), the probe path and the NSG between gateway and node; the gateway routes around the node meanwhile.',
    },
    {
      key: 'noHealthyHost', title: 'No healthy GMS node', metricName: 'HealthyHostCount', aggregation: 'Average',
      operator: 'LessThan', threshold: 1, dimensions: perPool, ...FIVE_MINUTES, severity: 1,
      description: 'A node group has no healthy GMS node: chat on its paths fails (502). Bring a node back ONLINE or fix the probe; check the backend health blade of the gateway.',
    },
    {
      key: 'failedRequests', title: 'Failed requests to GMS', metricName: 'FailedRequests', aggregation: 'Total',
      operator: 'GreaterThan', threshold: thresholds.failedRequests, dimensions: perPool, ...FIVE_MINUTES, severity: 2,
      description: 'Requests the gateway could not complete with a GMS node (connection failures, or the request timeout of the backend settings exceeded). Check node load and reachability; a timeout at or below the CometD long-poll hold fails every held poll.',
    },
    {
      key: 'balancer5xx', title: '5xx answered to browsers', metricName: 'ResponseStatus', aggregation: 'Total',
      operator: 'GreaterThan', threshold: thresholds.balancer5xxPerFiveMinutes, dimensions: serverErrors, ...FIVE_MINUTES, severity: 2,
      description: 'The gateway answered 5xx to clients, its own 502/504 included (also the 502 of unpublished paths, so scanners add to it). Compare with the backend5xx alert: gateway-only errors point at unhealthy pools or timeouts.',
    },
    {
      key: 'backend5xx', title: '5xx from GMS nodes', metricName: 'BackendResponseStatus', aggregation: 'Total',
      operator: 'GreaterThan', threshold: thresholds.backend5xxPerFiveMinutes, dimensions: serverErrors, ...FIVE_MINUTES, severity: 2,
      description: 'GMS nodes answered 5xx. Read the GMS logs of the nodes (BackendServer dimension in the metric) and the gateway access log for the paths.',
    },
    {
      key: 'capacityUnits', title: 'Capacity units near the autoscale maximum', metricName: 'CapacityUnits', aggregation: 'Average',
      operator: 'GreaterThan', threshold: capacityCeiling, dimensions: [], ...FIVE_MINUTES, severity: 2,
      description: `Capacity units above ${thresholds.capacityPercentOfMaximum} % of what ${targets.maxCapacity} instances carry (about ${APP_GATEWAY_CAPACITY_UNITS_PER_INSTANCE} each). Held CometD polls count as persistent connections. Raise autoscale.maxCapacity (up to 125) before the gateway saturates.`,
    },
    {
      key: 'computeUnits', title: 'Compute units near the autoscale maximum', metricName: 'ComputeUnits', aggregation: 'Average',
      operator: 'GreaterThan', threshold: capacityCeiling, dimensions: [], ...FIVE_MINUTES, severity: 2,
      description: `Compute units above ${thresholds.capacityPercentOfMaximum} % of what ${targets.maxCapacity} instances carry (TLS handshakes, rewrites, WAF). Raise autoscale.maxCapacity, or the minimum if bursts outrun scale-out (3 to 5 minutes).`,
    },
    {
      key: 'backendConnectTime', title: 'Slow connections to GMS nodes', metricName: 'BackendConnectTime', aggregation: 'Average',
      operator: 'GreaterThan', threshold: thresholds.backendConnectTimeMilliseconds, dimensions: [], windowSize: 'PT15M', frequency: 'PT5M', severity: 3,
      // First-byte, last-byte and total time all contain the ${COMETD_LONG_POLL_HOLD_SECONDS} s a
      // held /meta/connect waits before GMS answers; connect time ends before the request is sent.
      description: `Opening TCP connections to GMS nodes is slow: the nodes' accept queues or the network between gateway and nodes are saturated. This latency ignores CometD long polls (held up to ${COMETD_LONG_POLL_HOLD_SECONDS} s), which every response-time metric of the gateway includes.`,
    },
  ];
}

/** The capacity (and compute) unit threshold: a percentage of what the autoscale maximum carries. */
export function capacityUnitThreshold(percentOfMaximum: number, maxCapacity: number): number {
  return Math.round(maxCapacity * APP_GATEWAY_CAPACITY_UNITS_PER_INSTANCE * percentOfMaximum) / 100;
}

const lastSegment = (reference: ArmSubResource | undefined): string | undefined => reference?.id.split('/').pop();

/**
 * The `<pool>~<settings>` pairs the gateway routes to, from its ARM body (routing rules and path
 * maps), without the pool that answers unpublished paths.
 */
export function backendSettingsPoolsOf(body: ArmApplicationGatewayBody): string[] {
  const { requestRoutingRules, urlPathMaps } = body.properties;
  const pairs: Array<[string | undefined, string | undefined]> = [
    ...requestRoutingRules.map((rule): [string | undefined, string | undefined] => [lastSegment(rule.properties.backendAddressPool), lastSegment(rule.properties.backendHttpSettings)]),
    ...urlPathMaps.flatMap((map) => [
      [lastSegment(map.properties.defaultBackendAddressPool), lastSegment(map.properties.defaultBackendHttpSettings)] as [string | undefined, string | undefined],
      ...map.properties.pathRules.map((rule): [string | undefined, string | undefined] => [lastSegment(rule.properties.backendAddressPool), lastSegment(rule.properties.backendHttpSettings)]),
    ]),
  ];
  const values = pairs
    .filter((pair): pair is [string, string] => pair[0] !== undefined && pair[1] !== undefined && pair[0] !== REFUSED_POOL)
    .map(([pool, settings]) => `${pool}~${settings}`);
  return [...new Set(values)];
}

/** The log alert on Chat API v2 REST latency, from the gateway's access log. */
export interface RestLatencyAlertDefinition {
  readonly key: 'restLatency';
  readonly title: string;
  readonly query: string;
  readonly measureColumn: string;
  readonly aggregation: 'Maximum';
  readonly operator: 'GreaterThan';
  /** Seconds (ServerResponseLatency is in seconds). */
  readonly threshold: number;
  readonly windowDuration: 'PT15M';
  readonly evaluationFrequency: 'PT5M';
  readonly severity: 3;
  readonly description: string;
}

/**
 * The 90th percentile (GMS_REST_LATENCY_PERCENTILE, as on AWS) of the nodes' response time to Chat API v2 REST calls, per 5 minutes, from
 * the resource-specific access log table AGWAccessLogs (columns RequestUri, ServerResponseLatency
 * in seconds, _ResourceId; https://learn.microsoft.com/azure/azure-monitor/reference/tables/agwaccesslogs),
 * which the edge's diagnostic setting fills (logAnalyticsDestinationType 'Dedicated'). Only
 * `/genesys/2/chat/` paths count: CometD's held polls never enter the percentile.
 */
export function restLatencyAlertDefinition(gatewayId: string, thresholdSeconds: number): RestLatencyAlertDefinition {
  const measureColumn = `LatencyP${GMS_REST_LATENCY_PERCENTILE}`;
  const query = [
    'AGWAccessLogs',
    `| where _ResourceId =~ "${gatewayId}"`,
    `| where RequestUri startswith "${GMS_CHAT_API_V2_PATH}/"`,
    `| summarize ${measureColumn} = percentile(ServerResponseLatency, ${GMS_REST_LATENCY_PERCENTILE}) by bin(TimeGenerated, 5m)`,
  ].join('\n');
  return {
    key: 'restLatency', title: 'Slow Chat API v2 REST answers', query, measureColumn, aggregation: 'Maximum',
    operator: 'GreaterThan', threshold: thresholdSeconds, windowDuration: 'PT15M', evaluationFrequency: 'PT5M', severity: 3,
    description: `The ${GMS_REST_LATENCY_PERCENTILE}th percentile of GMS response time to Chat API v2 REST calls (${GMS_CHAT_API_V2_PATH}/…, never CometD long polls) is above ${thresholdSeconds} s. Check node CPU and GC, Chat Server and the GMS logs of the slow nodes (AGWAccessLogs.ServerRouted).`,
  };
}
