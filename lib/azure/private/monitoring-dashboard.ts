/**
 * The Azure portal dashboard of a GMS Application Gateway, as the `dashboard_properties` JSON of
 * `azurerm_portal_dashboard`: a Markdown tile listing the alerts, then one metrics chart per
 * signal, request counts first.
 *
 * The structure (lenses and parts keyed "0", "1", …; `MarkdownPart`; `MetricsChartPart` with a
 * `queryInputs` input naming the resource id and the metrics) is the one Microsoft documents in
 * https://learn.microsoft.com/azure/azure-portal/azure-portal-dashboards-structure, and the one
 * azurerm 4.x accepts (keyed lenses; the provider's 5.0 mode switches to arrays:
 * internal/services/portal/portal_dashboard_resource_test.go).
 */
import { GMS_REST_LATENCY_PERCENTILE } from '../../gms';
import { AppGatewayAlertDefinition, RestLatencyAlertDefinition } from './monitoring-alerts';

/** One chart: its title and the gateway metrics it plots. */
export interface DashboardChart {
  readonly title: string;
  readonly metricNames: string[];
}

/** The charts, request counts first (TotalRequests and Throughput, then the alerted signals). */
export const APP_GATEWAY_DASHBOARD_CHARTS: DashboardChart[] = [
  { title: 'Requests', metricNames: ['TotalRequests', 'FailedRequests'] },
  { title: 'Throughput', metricNames: ['Throughput'] },
  { title: 'Backend health', metricNames: ['HealthyHostCount', 'UnhealthyHostCount'] },
  { title: 'Response status (gateway and nodes)', metricNames: ['ResponseStatus', 'BackendResponseStatus'] },
  { title: 'Capacity and compute units', metricNames: ['CapacityUnits', 'ComputeUnits'] },
  { title: 'Backend connect time (ignores held long polls)', metricNames: ['BackendConnectTime'] },
  { title: 'Current connections (held CometD polls included)', metricNames: ['CurrentConnections'] },
];

const COLUMNS = 6;
const ROWS = 4;

function markdownPart(alerts: AppGatewayAlertDefinition[], logAlert?: RestLatencyAlertDefinition): Record<string, unknown> {
  const lines = [
    ...alerts.map((alert) => `| ${alert.title} | ${alert.metricName} ${alert.operator === 'GreaterThan' ? '>' : '<'} ${alert.threshold} (${alert.aggregation}, ${alert.windowSize}) |`),
    ...(logAlert === undefined ? [] : [`| ${logAlert.title} | access log: p${GMS_REST_LATENCY_PERCENTILE} REST response time > ${logAlert.threshold} s (${logAlert.windowDuration}) |`]),
  ];
  return {
    position: { x: 0, y: 0, colSpan: COLUMNS * 2, rowSpan: ROWS },
    metadata: {
      inputs: [],
      type: 'Extension/HubsExtension/PartType/MarkdownPart',
      settings: {
        content: {
          settings: {
            content: ['## GMS chat edge', '', '| Alert | Fires when |', '|---|---|', ...lines].join('\n'),
            title: 'GMS chat edge',
            subtitle: 'Application Gateway',
          },
        },
      },
    },
  };
}

function chartPart(gatewayId: string, chart: DashboardChart, index: number): Record<string, unknown> {
  return {
    position: { x: (index % 2) * COLUMNS, y: ROWS * (1 + Math.floor(index / 2)), colSpan: COLUMNS, rowSpan: ROWS },
    metadata: {
      inputs: [{
        name: 'queryInputs',
        value: {
          timespan: { duration: 'PT24H' },
          id: gatewayId,
          chartType: 0,
          metrics: chart.metricNames.map((name) => ({ name, resourceId: gatewayId })),
          title: chart.title,
        },
      }],
      type: 'Extension/Microsoft_Azure_Monitoring/PartType/MetricsChartPart',
      settings: {},
    },
  };
}

/** The dashboard's properties (lenses and metadata), as an object to serialise. */
export function appGatewayDashboardProperties(gatewayId: string, alerts: AppGatewayAlertDefinition[], logAlert?: RestLatencyAlertDefinition): Record<string, unknown> {
  const parts = [markdownPart(alerts, logAlert), ...APP_GATEWAY_DASHBOARD_CHARTS.map((chart, index) => chartPart(gatewayId, chart, index))];
  return {
    lenses: { 0: { order: 0, parts: Object.fromEntries(parts.map((part, index) => [String(index), part])) } },
    metadata: {
      model: {
        timeRange: { value: { relative: { duration: 24, timeUnit: 1 } }, type: 'MsPortalFx.Composition.Configuration.ValueTypes.TimeRange' },
      },
    },
  };
}
