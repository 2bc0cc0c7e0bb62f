/**
 * GmsAppGatewayMonitoring: the metric alerts, action group and dashboard of a GMS Application
 * Gateway, asserted on the synthesized Terraform JSON. Every metric name, namespace, dimension,
 * aggregation and window below is the one Microsoft's supported-metrics reference for
 * Microsoft.Network/applicationGateways lists (lib/azure/private/monitoring-alerts.ts cites it).
 */
import { TerraformStack, Testing } from 'cdktf';
import {
  acknowledgeWarning,
  GmsAppGatewayEdge,
  GmsAppGatewayEdgeProps,
  GmsAppGatewayMonitoring,
  GmsAppGatewayMonitoringProps,
  GmsApplicationGateway,
  GmsNodeGroupOptions,
} from '../../lib/azure';
import { GMS_ALARMS } from '../../lib/gms';
import {
  EXISTING_RESOURCE_GROUP,
  IDENTITY_ID,
  KEY_VAULT_ID,
  PUBLIC_IP_ID,
  resourcesOf,
  SECRET_ID,
  SUBNET_ID,
  synthesize,
  TfJson,
} from './support';

const GATEWAY_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-gms/providers/Microsoft.Network/applicationGateways/agw';
const ACTION_GROUP_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ops/providers/Microsoft.Insights/actionGroups/oncall';
const NAMESPACE = 'Microsoft.Network/applicationGateways';
const WORKSPACE_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-gms/providers/Microsoft.OperationalInsights/workspaces/logs';
const POOLS = ['pool-chat~settings-chat', 'pool-cometd~settings-cometd'];

interface Criterion {
  metric_namespace: string;
  metric_name: string;
  aggregation: string;
  operator: string;
  threshold: number;
  dimension?: Array<{ name: string; operator: string; values: string[] }>;
}

interface MetricAlertBlock {
  name: string;
  scopes: string[];
  severity: number;
  frequency: string;
  window_size: string;
  auto_mitigate: boolean;
  description: string;
  criteria: Criterion[];
  action: Array<{ action_group_id: string }>;
}

function monitoringProps(overrides: Partial<GmsAppGatewayMonitoringProps> = {}): GmsAppGatewayMonitoringProps {
  return {
    applicationGatewayId: GATEWAY_ID,
    resourceGroup: EXISTING_RESOURCE_GROUP,
    backendSettingsPools: POOLS,
    maxCapacity: 10,
    alertEmailAddresses: ['oncall@example.com'],
    ...overrides,
  };
}

function synthMonitoring(overrides: Partial<GmsAppGatewayMonitoringProps> = {}): TfJson {
  return synthesize((stack) => new GmsAppGatewayMonitoring(stack, 'Monitoring', monitoringProps(overrides))).json;
}

function alerts(json: TfJson): Map<string, MetricAlertBlock> {
  const blocks = resourcesOf(json, 'azurerm_monitor_metric_alert') as unknown as MetricAlertBlock[];
  return new Map(blocks.map((block) => [block.criteria[0].metric_name, block]));
}

function alertOn(json: TfJson, metricName: string, operator?: string): MetricAlertBlock {
  const block = (resourcesOf(json, 'azurerm_monitor_metric_alert') as unknown as MetricAlertBlock[])
    .find((candidate) => candidate.criteria[0].metric_name === metricName && (operator === undefined || candidate.criteria[0].operator === operator));
  if (block === undefined) {
    throw new Error(`no alert on ${metricName}`);
  }
  return block;
}

describe('GmsAppGatewayMonitoring with its defaults', () => {
  const json = synthMonitoring();
  const byMetric = alerts(json);

  it('creates one alert per signal, each on the gateway, in the Application Gateway namespace, with one static criterion', () => {
    expect([...byMetric.keys()].sort()).toEqual([
      'BackendConnectTime', 'BackendResponseStatus', 'CapacityUnits', 'ComputeUnits', 'FailedRequests', 'HealthyHostCount', 'ResponseStatus', 'UnhealthyHostCount',
    ]);
    for (const block of byMetric.values()) {
      expect(block.scopes).toEqual([GATEWAY_ID]);
      expect(block.criteria).toHaveLength(1);
      expect(block.criteria[0].metric_namespace).toBe(NAMESPACE);
      expect(block.auto_mitigate).toBe(true);
      expect(block.description.length).toBeGreaterThan(40);
    }
  });

  it('names the signals both clouds watch by the ids of the shared alarm catalogue (GMS_ALARMS)', () => {
    const names = [...byMetric.values()].map((block) => block.name);
    for (const id of ['unhealthyHosts', 'noHealthyHost', 'balancer5xx'] as const) {
      expect(GMS_ALARMS[id]).toBeDefined();
      expect(names).toContain(`gms-edge-agw-${id.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`);
    }
  });

  it('alerts on any unhealthy node, per node-group pool (UnhealthyHostCount, Average over 5 minutes, BackendSettingsPool)', () => {
    const block = alertOn(json, 'UnhealthyHostCount');
    expect(block.criteria[0]).toMatchObject({ aggregation: 'Average', operator: 'GreaterThan', threshold: 0 });
    expect(block.criteria[0].dimension).toEqual([{ name: 'BackendSettingsPool', operator: 'Include', values: POOLS }]);
    expect([block.window_size, block.frequency, block.severity]).toEqual(['PT5M', 'PT1M', 2]);
  });

  it('alerts with a higher severity when a pool has no healthy node (HealthyHostCount < 1), and never on the unpublished-paths pool', () => {
    const block = alertOn(json, 'HealthyHostCount');
    expect(block.criteria[0]).toMatchObject({ aggregation: 'Average', operator: 'LessThan', threshold: 1 });
    expect(block.criteria[0].dimension?.[0].values).toEqual(POOLS);
    expect(block.criteria[0].dimension?.[0].values).not.toContain('pool-not-published~settings-chat');
    expect(block.severity).toBe(1);
  });

  it('counts failed requests per pool over 5 minutes (FailedRequests, Total)', () => {
    const block = alertOn(json, 'FailedRequests');
    expect(block.criteria[0]).toMatchObject({ aggregation: 'Total', operator: 'GreaterThan', threshold: 10 });
    expect(block.criteria[0].dimension?.[0]).toEqual({ name: 'BackendSettingsPool', operator: 'Include', values: POOLS });
    expect(block.window_size).toBe('PT5M');
  });

  it('counts 5xx of the gateway and of the nodes separately (ResponseStatus and BackendResponseStatus, HttpStatusGroup 5xx, Total)', () => {
    const gateway = alertOn(json, 'ResponseStatus');
    const backend = alertOn(json, 'BackendResponseStatus');
    for (const block of [gateway, backend]) {
      expect(block.criteria[0].aggregation).toBe('Total');
      expect(block.criteria[0].dimension).toEqual([{ name: 'HttpStatusGroup', operator: 'Include', values: ['5xx'] }]);
      expect(block.window_size).toBe('PT5M');
    }
    expect(gateway.criteria[0].threshold).toBe(50);
    expect(backend.criteria[0].threshold).toBe(10);
  });

  it('puts the capacity and compute unit thresholds at 75 % of 10 units per instance at the autoscale maximum (Average)', () => {
    for (const metric of ['CapacityUnits', 'ComputeUnits']) {
      const block = alertOn(json, metric);
      expect(block.criteria[0]).toMatchObject({ aggregation: 'Average', operator: 'GreaterThan', threshold: 75 });
      expect(block.criteria[0].dimension ?? []).toEqual([]);
    }
  });

  it('watches backend connect time, the backend latency held CometD polls cannot inflate, not a response time', () => {
    const block = alertOn(json, 'BackendConnectTime');
    expect(block.criteria[0]).toMatchObject({ aggregation: 'Average', operator: 'GreaterThan', threshold: 1000 });
    expect([block.window_size, block.frequency]).toEqual(['PT15M', 'PT5M']);
    // First-byte, last-byte and total time include the 30 s a held /meta/connect waits.
    expect([...byMetric.keys()]).not.toEqual(expect.arrayContaining(['BackendFirstByteResponseTime']));
    expect([...byMetric.keys()]).not.toEqual(expect.arrayContaining(['BackendLastByteResponseTime']));
    expect([...byMetric.keys()]).not.toEqual(expect.arrayContaining(['ApplicationGatewayTotalTime']));
    expect(block.description).toMatch(/long poll/);
  });

  it('uses windows and frequencies azurerm accepts, each window at least its frequency', () => {
    const minutes: Record<string, number> = { PT1M: 1, PT5M: 5, PT15M: 15, PT30M: 30, PT1H: 60 };
    for (const block of byMetric.values()) {
      expect(Object.keys(minutes)).toContain(block.frequency);
      expect(Object.keys(minutes)).toContain(block.window_size);
      expect(minutes[block.window_size]).toBeGreaterThanOrEqual(minutes[block.frequency]);
    }
  });

  it('creates an action group that e-mails the addresses given, and every alert notifies it', () => {
    const groups = resourcesOf(json, 'azurerm_monitor_action_group');
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      name: 'gms-edge-alerts',
      short_name: 'gms-edge',
      resource_group_name: 'rg-gms',
      email_receiver: [{ name: 'email-1', email_address: 'oncall@example.com', use_common_alert_schema: true }],
    });
    const groupId = `\${azurerm_monitor_action_group.${Object.keys(json.resource.azurerm_monitor_action_group)[0]}.id}`;
    for (const block of byMetric.values()) {
      expect(block.action).toEqual([{ action_group_id: groupId }]);
    }
  });

  it('creates a portal dashboard on the gateway with the request counts and every alerted metric', () => {
    const [dashboard] = resourcesOf(json, 'azurerm_portal_dashboard') as Array<{ name: string; location: string; dashboard_properties: string; tags: Record<string, string> }>;
    expect(dashboard).toMatchObject({ name: 'gms-edge-dashboard', location: 'westeurope', tags: { 'hidden-title': 'GMS chat edge (gms-edge)' } });
    const properties = JSON.parse(dashboard.dashboard_properties) as { lenses: Record<string, { parts: Record<string, { metadata: { type: string; inputs: Array<{ name: string; value: { id: string; metrics: Array<{ name: string; resourceId: string }> } }> } }> }> };
    const parts = Object.values(properties.lenses['0'].parts);
    expect(parts[0].metadata.type).toBe('Extension/HubsExtension/PartType/MarkdownPart');
    const charts = parts.filter((part) => part.metadata.type === 'Extension/Microsoft_Azure_Monitoring/PartType/MetricsChartPart');
    const charted = charts.flatMap((part) => part.metadata.inputs[0].value.metrics);
    expect(charted.map((metric) => metric.name)).toEqual(expect.arrayContaining(['TotalRequests', 'Throughput', ...byMetric.keys()]));
    expect(new Set([...charts.map((part) => part.metadata.inputs[0].value.id), ...charted.map((metric) => metric.resourceId)])).toEqual(new Set([GATEWAY_ID]));
  });
});

describe('GmsAppGatewayMonitoring options', () => {
  it('notifies a given action group and creates none', () => {
    const json = synthMonitoring({ existingActionGroupId: ACTION_GROUP_ID, alertEmailAddresses: undefined });
    expect(resourcesOf(json, 'azurerm_monitor_action_group')).toHaveLength(0);
    for (const block of alerts(json).values()) {
      expect(block.action).toEqual([{ action_group_id: ACTION_GROUP_ID }]);
    }
  });

  it('takes threshold overrides and keeps the other defaults', () => {
    const json = synthMonitoring({ thresholds: { unhealthyHostMinutes: 15, failedRequests: 100, backendConnectTimeMilliseconds: 250, capacityPercentOfMaximum: 50, balancer5xxPerFiveMinutes: 5 } });
    expect(alertOn(json, 'UnhealthyHostCount').window_size).toBe('PT15M');
    expect(alertOn(json, 'UnhealthyHostCount').criteria[0].threshold).toBe(0);
    expect(alertOn(json, 'ResponseStatus').criteria[0].threshold).toBe(5);
    expect(alertOn(json, 'FailedRequests').criteria[0].threshold).toBe(100);
    expect(alertOn(json, 'BackendConnectTime').criteria[0].threshold).toBe(250);
    expect(alertOn(json, 'CapacityUnits').criteria[0].threshold).toBe(50);
    expect(alertOn(json, 'BackendResponseStatus').criteria[0].threshold).toBe(10);
  });

  it('derives the capacity threshold from the autoscale maximum', () => {
    expect(alertOn(synthMonitoring({ maxCapacity: 20 }), 'CapacityUnits').criteria[0].threshold).toBe(150);
    expect(alertOn(synthMonitoring({ maxCapacity: 125 }), 'ComputeUnits').criteria[0].threshold).toBe(937.5);
  });

  it('adds no log alert without a Log Analytics workspace', () => {
    expect(resourcesOf(synthMonitoring(), 'azurerm_monitor_scheduled_query_rules_alert_v2')).toHaveLength(0);
  });

  it('alerts on the 90th percentile of Chat API v2 REST response time from the access log (the percentile of the AWS alarm), never counting CometD', () => {
    const json = synthMonitoring({ logAnalyticsWorkspaceId: WORKSPACE_ID, thresholds: { restLatencySeconds: 3 } });
    const [rule] = resourcesOf(json, 'azurerm_monitor_scheduled_query_rules_alert_v2') as Array<{
      name: string; scopes: string[]; location: string; window_duration: string; evaluation_frequency: string; severity: number; auto_mitigation_enabled: boolean;
      criteria: Array<{ query: string; metric_measure_column: string; time_aggregation_method: string; operator: string; threshold: number }>; action: { action_groups: string[] };
    }>;
    expect(rule).toMatchObject({ name: 'gms-edge-agw-rest-latency', scopes: [WORKSPACE_ID], location: 'westeurope', window_duration: 'PT15M', evaluation_frequency: 'PT5M', auto_mitigation_enabled: true });
    const [criterion] = rule.criteria;
    expect(criterion).toMatchObject({ metric_measure_column: 'LatencyP90', time_aggregation_method: 'Maximum', operator: 'GreaterThan', threshold: 3 });
    const lines = criterion.query.split('\n');
    expect(lines[0]).toBe('AGWAccessLogs');
    expect(lines).toContain(`| where _ResourceId =~ "${GATEWAY_ID}"`);
    expect(lines).toContain('| where RequestUri startswith "/genesys/2/chat/"');
    expect(criterion.query).not.toMatch(/cometd/i);
    expect(lines).toContain('| summarize LatencyP90 = percentile(ServerResponseLatency, 90) by bin(TimeGenerated, 5m)');
    const groupId = `\${azurerm_monitor_action_group.${Object.keys(json.resource.azurerm_monitor_action_group)[0]}.id}`;
    expect(rule.action.action_groups).toEqual([groupId]);
    const [dashboard] = resourcesOf(json, 'azurerm_portal_dashboard') as Array<{ dashboard_properties: string }>;
    expect(dashboard.dashboard_properties).toContain('Slow Chat API v2 REST answers');
  });

  it('creates no dashboard with dashboard: false', () => {
    expect(resourcesOf(synthMonitoring({ dashboard: false }), 'azurerm_portal_dashboard')).toHaveLength(0);
  });

  it('warns, with an id, when the new action group has nobody to notify', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const monitoring = new GmsAppGatewayMonitoring(stack, 'Monitoring', monitoringProps({ alertEmailAddresses: [] }));
    const warnings = monitoring.node.metadata.filter((entry) => entry.type === '@cdktf/warn').map((entry) => String(entry.data));
    expect(warnings).toEqual([expect.stringContaining('[ack: gms-edge-constructs:alertsWithoutReceivers]')]);
    acknowledgeWarning(stack, 'gms-edge-constructs:alertsWithoutReceivers');
    expect(monitoring.node.metadata.filter((entry) => entry.type === '@cdktf/warn')).toHaveLength(0);
  });
});

describe('GmsAppGatewayMonitoring refuses bad input, naming the property and the value', () => {
  it.each<[string, Partial<GmsAppGatewayMonitoringProps>, RegExp]>([
    ['a negative threshold', { thresholds: { failedRequests: -1 } }, /Monitoring: thresholds\.failedRequests must be a number of 0 or more, got -1/],
    ['an unhealthy-host window metric alerts do not have', { thresholds: { unhealthyHostMinutes: 10 } }, /thresholds\.unhealthyHostMinutes must be 1, 5, 15, 30 or 60 .* got 10/],
    ['a capacity percentage above 100', { thresholds: { capacityPercentOfMaximum: 120 } }, /thresholds\.capacityPercentOfMaximum must be more than 0 and at most 100 .* got 120/],
    ['an autoscale maximum out of range', { maxCapacity: 200 }, /maxCapacity must be an integer from 2 to 125 instances, got 200/],
    ['no pools', { backendSettingsPools: [] }, /backendSettingsPools must list at least one '<backend pool>~<backend settings>' pair, got \[\]/],
    ['a pool without its settings', { backendSettingsPools: ['pool-chat'] }, /backendSettingsPools .* got \["pool-chat"\]/],
    ['e-mails with an existing action group', { existingActionGroupId: ACTION_GROUP_ID }, /alertEmailAddresses configure a new action group/],
    ['something that is not an e-mail address', { alertEmailAddresses: ['oncall'] }, /alertEmailAddresses\[0\] must be an e-mail address, got "oncall"/],
  ])('%s', (_case, overrides, message) => {
    expect(() => synthMonitoring(overrides)).toThrow(message);
  });
});

describe('GmsAppGatewayMonitoring.forGateway', () => {
  const groups: GmsNodeGroupOptions[] = [
    { name: 'chat', isDefault: true, ipAddresses: ['10.0.1.4'] },
    { name: 'cometd', pathPatterns: ['/genesys/cometd', '/genesys/cometd/*'], ipAddresses: ['10.0.1.5'] },
  ];
  const { json } = synthesize((stack) => {
    const gateway = new GmsApplicationGateway(stack, 'Gateway', {
      resourceGroup: EXISTING_RESOURCE_GROUP, gatewaySubnetId: SUBNET_ID, publicIpAddressId: PUBLIC_IP_ID,
      certificate: { keyVaultSecretId: SECRET_ID }, identityId: IDENTITY_ID, nodeGroups: groups, autoscale: { maxCapacity: 40 },
    });
    GmsAppGatewayMonitoring.forGateway(stack, 'Monitoring', gateway, { resourceGroup: EXISTING_RESOURCE_GROUP, existingActionGroupId: ACTION_GROUP_ID });
  });

  it('watches the pools the gateway routes to, not the pool of unpublished paths', () => {
    expect(alertOn(json, 'UnhealthyHostCount').criteria[0].dimension?.[0].values.sort()).toEqual(['pool-chat~settings-chat', 'pool-cometd~settings-cometd']);
  });

  it('scopes every alert to the gateway resource', () => {
    const gatewayId = `\${azapi_resource.${Object.keys(json.resource.azapi_resource)[0]}.id}`;
    for (const block of alerts(json).values()) {
      expect(block.scopes).toEqual([gatewayId]);
    }
  });

  it('follows the gateway\'s autoscale maximum', () => {
    expect(alertOn(json, 'CapacityUnits').criteria[0].threshold).toBe(300);
  });
});

describe('GmsAppGatewayEdge monitoring', () => {
  const edgeProps = (overrides: Partial<GmsAppGatewayEdgeProps> = {}): GmsAppGatewayEdgeProps => ({
    location: 'westeurope',
    nodeGroups: [
      { name: 'chat', isDefault: true, ipAddresses: ['10.61.1.4'] },
      { name: 'cometd', pathPatterns: ['/genesys/cometd', '/genesys/cometd/*'], ipAddresses: ['10.61.1.6'] },
    ],
    certificate: { keyVaultSecretId: SECRET_ID, keyVaultId: KEY_VAULT_ID },
    ...overrides,
  });
  const synthEdge = (overrides: Partial<GmsAppGatewayEdgeProps> = {}): TfJson => synthesize((stack) => new GmsAppGatewayEdge(stack, 'Edge', edgeProps(overrides))).json;

  it('is on by default: every alert on the edge\'s gateway and node-group pools, the REST log alert on its diagnostics workspace', () => {
    const json = synthEdge({ monitoring: { alertEmailAddresses: ['oncall@example.com'] } });
    const gatewayId = `\${azapi_resource.${Object.keys(json.resource.azapi_resource)[0]}.id}`;
    const byMetric = alerts(json);
    expect(byMetric.size).toBe(8);
    for (const block of byMetric.values()) {
      expect(block.scopes).toEqual([gatewayId]);
      expect(block.name).toMatch(/^gms-edge-agw-/);
    }
    expect(alertOn(json, 'HealthyHostCount').criteria[0].dimension?.[0].values.sort()).toEqual(['pool-chat~settings-chat', 'pool-cometd~settings-cometd']);
    expect(alertOn(json, 'CapacityUnits').criteria[0].threshold).toBe(75);
    const [rule] = resourcesOf(json, 'azurerm_monitor_scheduled_query_rules_alert_v2') as Array<{ scopes: string[] }>;
    expect(rule.scopes).toEqual([`\${azurerm_log_analytics_workspace.${Object.keys(json.resource.azurerm_log_analytics_workspace)[0]}.id}`]);
    expect(resourcesOf(json, 'azurerm_monitor_action_group')).toHaveLength(1);
    expect(resourcesOf(json, 'azurerm_portal_dashboard')).toHaveLength(1);
  });

  it('follows gatewayProps.autoscale.maxCapacity', () => {
    expect(alertOn(synthEdge({ gatewayProps: { autoscale: { maxCapacity: 30 } } }), 'ComputeUnits').criteria[0].threshold).toBe(225);
  });

  it('creates no alert, action group or dashboard with monitoring: false', () => {
    const json = synthEdge({ monitoring: false });
    for (const type of ['azurerm_monitor_metric_alert', 'azurerm_monitor_scheduled_query_rules_alert_v2', 'azurerm_monitor_action_group', 'azurerm_portal_dashboard']) {
      expect(resourcesOf(json, type)).toHaveLength(0);
    }
  });

  it('has no REST log alert when diagnostics are off, and uses a given action group', () => {
    const json = synthEdge({ diagnostics: { enabled: false }, monitoring: { existingActionGroupId: ACTION_GROUP_ID } });
    expect(resourcesOf(json, 'azurerm_monitor_scheduled_query_rules_alert_v2')).toHaveLength(0);
    expect(resourcesOf(json, 'azurerm_monitor_action_group')).toHaveLength(0);
    expect(alertOn(json, 'UnhealthyHostCount').action).toEqual([{ action_group_id: ACTION_GROUP_ID }]);
  });
});
