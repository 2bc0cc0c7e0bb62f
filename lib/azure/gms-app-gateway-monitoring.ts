import { Construct } from 'constructs';
import { fail } from '../gms';
import type { GmsApplicationGateway } from './gms-application-gateway';
import { APPLICATION_GATEWAY_LIMITS } from './application-gateway-validation';
import { MonitorActionGroup, MonitorMetricAlert, MonitorScheduledQueryRulesAlertV2, PortalDashboard } from './internal/cdktf';
import {
  APP_GATEWAY_METRIC_NAMESPACE,
  AppGatewayAlertDefinition,
  appGatewayAlertDefinitions,
  backendSettingsPoolsOf,
  DEFAULT_ALERT_THRESHOLDS,
  ResolvedAlertThresholds,
  RestLatencyAlertDefinition,
  restLatencyAlertDefinition,
  UNHEALTHY_HOST_WINDOWS,
  alertNameSuffix,
} from './private/monitoring-alerts';
import { appGatewayDashboardProperties } from './private/monitoring-dashboard';
import { checkInteger } from './private/validation';
import { ResourceGroupReference } from './types';
import { warn } from './warnings';

/**
 * Thresholds of the gateway's alerts (each fires when its metric goes beyond it). The names the
 * AWS alarms share (`unhealthyHostMinutes`, `balancer5xxPerFiveMinutes`, `restLatencySeconds`)
 * mean the same signal on both clouds (lib/gms/monitoring.ts); the node 5xx alert counts
 * (`backend5xxPerFiveMinutes`) where AWS alarms on a share, because a metric alert has no ratio.
 */
export interface GmsAppGatewayAlertThresholds {
  /**
   * Minutes a node may stay unhealthy before `unhealthyHosts` fires (UnhealthyHostCount above 0,
   * Average, per pool): 1, 5, 15, 30 or 60, the windows a metric alert accepts.
   *
   * @default 5
   */
  readonly unhealthyHostMinutes?: number;

  /**
   * Failed requests to the nodes in 5 minutes (FailedRequests, total, per pool).
   *
   * @default 10
   */
  readonly failedRequests?: number;

  /**
   * 5xx responses of the gateway to clients in 5 minutes (ResponseStatus, HttpStatusGroup 5xx),
   * above which `balancer5xx` fires. Unpublished paths are answered 502 by the gateway, so
   * scanners add to it: hence a higher default than on AWS (10).
   *
   * @default 50
   */
  readonly balancer5xxPerFiveMinutes?: number;

  /**
   * 5xx responses of the GMS nodes in 5 minutes (BackendResponseStatus, HttpStatusGroup 5xx).
   *
   * @default 10
   */
  readonly backend5xxPerFiveMinutes?: number;

  /**
   * Capacity and compute units, as a percentage of what the autoscale maximum carries (10 units
   * per instance), averaged over 5 minutes (more than 0, at most 100).
   *
   * @default 75
   */
  readonly capacityPercentOfMaximum?: number;

  /**
   * Average time to open a connection to a node, in milliseconds, over 15 minutes
   * (BackendConnectTime: the one backend latency CometD's held long polls do not inflate).
   *
   * @default 1000
   */
  readonly backendConnectTimeMilliseconds?: number;

  /**
   * The 90th percentile (as on AWS) of the nodes' response time to Chat API v2 REST calls, in
   * seconds, the highest 5-minute value in 15 minutes, above which `restLatency` fires (a log
   * alert on the access log; needs a `logAnalyticsWorkspaceId`).
   *
   * @default 2
   */
  readonly restLatencySeconds?: number;
}

/** Monitoring of {@link GmsAppGatewayEdge}: alerts, where they go, and a dashboard. */
export interface GmsAppGatewayMonitoringOptions {
  /**
   * An existing action group (`Microsoft.Insights/actionGroups` id) every alert notifies.
   *
   * @default - a new action group
   */
  readonly existingActionGroupId?: string;

  /**
   * E-mail addresses the new action group notifies (common alert schema).
   *
   * @default - none: the alerts fire but notify no one (with a warning)
   */
  readonly alertEmailAddresses?: string[];

  /**
   * Alert thresholds.
   *
   * @default - see {@link GmsAppGatewayAlertThresholds}
   */
  readonly thresholds?: GmsAppGatewayAlertThresholds;

  /**
   * Create an Azure portal dashboard with the alerted metrics and the request counts.
   *
   * @default true
   */
  readonly dashboard?: boolean;

  /**
   * The Log Analytics workspace the gateway's access log goes to, in resource-specific tables
   * (AGWAccessLogs): adds the Chat API v2 REST latency log alert. GmsAppGatewayEdge passes its
   * diagnostics workspace.
   *
   * @default - no REST latency log alert (the edge: its diagnostics workspace, when diagnostics are on)
   */
  readonly logAnalyticsWorkspaceId?: string;
}

/** Props of {@link GmsAppGatewayMonitoring}. */
export interface GmsAppGatewayMonitoringProps extends GmsAppGatewayMonitoringOptions {
  /** The Application Gateway's resource id. */
  readonly applicationGatewayId: string;

  /** The resource group of the alerts, the action group and the dashboard. */
  readonly resourceGroup: ResourceGroupReference;

  /**
   * The node groups' `<backend pool>~<backend settings>` pairs (the BackendSettingsPool dimension
   * values) the per-pool alerts watch.
   */
  readonly backendSettingsPools: string[];

  /** The gateway's autoscale maximum, in instances (2–125): the capacity alerts' ceiling. */
  readonly maxCapacity: number;

  /**
   * Prefix of every resource name.
   *
   * @default 'gms-edge'
   */
  readonly namePrefix?: string;

  /**
   * Tags of every created resource.
   *
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

/**
 * Metric alerts on an Application Gateway in front of GMS (unhealthy and missing nodes per pool,
 * failed requests, gateway and node 5xx, capacity and compute units near the autoscale maximum,
 * a latency CometD long polls cannot dominate), the action group they notify, and a dashboard.
 */
export class GmsAppGatewayMonitoring extends Construct {
  /**
   * Monitoring of a {@link GmsApplicationGateway}: its pools and autoscale maximum are read from
   * its ARM body.
   */
  public static forGateway(scope: Construct, id: string, gateway: GmsApplicationGateway,
    props: GmsAppGatewayMonitoringOptions & Pick<GmsAppGatewayMonitoringProps, 'resourceGroup' | 'namePrefix' | 'tags'>): GmsAppGatewayMonitoring {
    return new GmsAppGatewayMonitoring(scope, id, {
      ...props,
      applicationGatewayId: gateway.gatewayId,
      backendSettingsPools: backendSettingsPoolsOf(gateway.body),
      maxCapacity: gateway.body.properties.autoscaleConfiguration.maxCapacity,
    });
  }

  /** The alerts' definitions (metric, threshold, window), in the README's order. */
  public readonly alertDefinitions: AppGatewayAlertDefinition[];
  /** The metric alerts, by signal id (e.g. `unhealthyHosts`). */
  public readonly alerts: { readonly [key: string]: MonitorMetricAlert };
  /** The REST latency log alert's definition; `undefined` without `logAnalyticsWorkspaceId`. */
  public readonly restLatencyAlertDefinition?: RestLatencyAlertDefinition;
  /** The REST latency log alert; `undefined` without `logAnalyticsWorkspaceId`. */
  public readonly restLatencyAlert?: MonitorScheduledQueryRulesAlertV2;
  /** The action group the alerts notify (given or created). */
  public readonly actionGroupId: string;
  /** The created action group; `undefined` with `existingActionGroupId`. */
  public readonly actionGroup?: MonitorActionGroup;
  /** The dashboard; `undefined` with `dashboard: false`. */
  public readonly dashboard?: PortalDashboard;

  public constructor(scope: Construct, id: string, props: GmsAppGatewayMonitoringProps) {
    super(scope, id);
    const prefix = props.namePrefix ?? 'gms-edge';
    const thresholds = this.resolveThresholds(props.thresholds ?? {});
    checkInteger(this, 'maxCapacity', props.maxCapacity, APPLICATION_GATEWAY_LIMITS.autoscaleMaxCapacity, ' instances');
    if (props.backendSettingsPools.length === 0 || props.backendSettingsPools.some((pair) => !/^[^~]+~[^~]+$/.test(pair))) {
      fail(this, 'backendSettingsPools', `must list at least one '<backend pool>~<backend settings>' pair, got ${JSON.stringify(props.backendSettingsPools)}`);
    }
    this.alertDefinitions = appGatewayAlertDefinitions(thresholds, { backendSettingsPools: props.backendSettingsPools, maxCapacity: props.maxCapacity });
    this.actionGroup = this.renderActionGroup(props, prefix);
    this.actionGroupId = props.existingActionGroupId ?? (this.actionGroup as MonitorActionGroup).id;
    this.alerts = Object.fromEntries(this.alertDefinitions.map((definition) => [definition.key, this.renderAlert(definition, props, prefix)]));
    if (props.logAnalyticsWorkspaceId !== undefined) {
      this.restLatencyAlertDefinition = restLatencyAlertDefinition(props.applicationGatewayId, thresholds.restLatencySeconds);
      this.restLatencyAlert = this.renderLogAlert(this.restLatencyAlertDefinition, props.logAnalyticsWorkspaceId, props, prefix);
    }
    if (props.dashboard ?? true) {
      this.dashboard = new PortalDashboard(this, 'Dashboard', {
        name: `${prefix}-dashboard`,
        resourceGroupName: props.resourceGroup.name,
        location: props.resourceGroup.location,
        dashboardProperties: JSON.stringify(appGatewayDashboardProperties(props.applicationGatewayId, this.alertDefinitions, this.restLatencyAlertDefinition)),
        // The portal shows a dashboard under its `hidden-title` tag (azure-portal-dashboards-structure).
        tags: { ...props.tags, 'hidden-title': `GMS chat edge (${prefix})` },
      });
    }
  }

  private resolveThresholds(given: GmsAppGatewayAlertThresholds): ResolvedAlertThresholds {
    const resolved: ResolvedAlertThresholds = { ...DEFAULT_ALERT_THRESHOLDS, ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) };
    for (const [name, value] of Object.entries(resolved)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        fail(this, `thresholds.${name}`, `must be a number of 0 or more, got ${JSON.stringify(value)}`);
      }
    }
    if (UNHEALTHY_HOST_WINDOWS[resolved.unhealthyHostMinutes] === undefined) {
      fail(this, 'thresholds.unhealthyHostMinutes', `must be 1, 5, 15, 30 or 60 (the windows of an Azure Monitor metric alert), got ${resolved.unhealthyHostMinutes}`);
    }
    if (resolved.capacityPercentOfMaximum <= 0 || resolved.capacityPercentOfMaximum > 100) {
      fail(this, 'thresholds.capacityPercentOfMaximum', `must be more than 0 and at most 100 (percent of the autoscale maximum), got ${resolved.capacityPercentOfMaximum}`);
    }
    return resolved;
  }

  private renderActionGroup(props: GmsAppGatewayMonitoringProps, prefix: string): MonitorActionGroup | undefined {
    const emails = props.alertEmailAddresses ?? [];
    if (props.existingActionGroupId !== undefined) {
      if (emails.length > 0) {
        fail(this, 'alertEmailAddresses', 'configure a new action group; they cannot apply to existingActionGroupId (add the receivers to that group instead)');
      }
      return undefined;
    }
    emails.forEach((address, index) => {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) {
        fail(this, `alertEmailAddresses[${index}]`, `must be an e-mail address, got ${JSON.stringify(address)}`);
      }
    });
    if (emails.length === 0) {
      warn(this, 'alertsWithoutReceivers', 'alertEmailAddresses', 'is empty and no existingActionGroupId is given: the alerts fire into an action group that notifies no one. Give alertEmailAddresses, or an existing action group');
    }
    return new MonitorActionGroup(this, 'ActionGroup', {
      name: `${prefix}-alerts`,
      resourceGroupName: props.resourceGroup.name,
      // azurerm: short_name is 1-12 characters (monitor_action_group_resource.go); it prefixes SMS and e-mail subjects.
      shortName: prefix.slice(0, 12),
      emailReceiver: emails.map((emailAddress, index) => ({ name: `email-${index + 1}`, emailAddress, useCommonAlertSchema: true })),
      tags: props.tags,
    });
  }

  private renderAlert(definition: AppGatewayAlertDefinition, props: GmsAppGatewayMonitoringProps, prefix: string): MonitorMetricAlert {
    return new MonitorMetricAlert(this, `Alert-${definition.key}`, {
      name: `${prefix}-agw-${alertNameSuffix(definition.key)}`,
      resourceGroupName: props.resourceGroup.name,
      scopes: [props.applicationGatewayId],
      description: definition.description,
      severity: definition.severity,
      frequency: definition.frequency,
      windowSize: definition.windowSize,
      autoMitigate: true,
      criteria: [{
        metricNamespace: APP_GATEWAY_METRIC_NAMESPACE,
        metricName: definition.metricName,
        aggregation: definition.aggregation,
        operator: definition.operator,
        threshold: definition.threshold,
        dimension: definition.dimensions.map((dimension) => ({ ...dimension })),
      }],
      action: [{ actionGroupId: this.actionGroupId }],
      tags: props.tags,
    });
  }

  private renderLogAlert(definition: RestLatencyAlertDefinition, workspaceId: string, props: GmsAppGatewayMonitoringProps, prefix: string): MonitorScheduledQueryRulesAlertV2 {
    return new MonitorScheduledQueryRulesAlertV2(this, `Alert-${definition.key}`, {
      name: `${prefix}-agw-${alertNameSuffix(definition.key)}`,
      resourceGroupName: props.resourceGroup.name,
      location: props.resourceGroup.location,
      scopes: [workspaceId],
      description: definition.description,
      severity: definition.severity,
      evaluationFrequency: definition.evaluationFrequency,
      windowDuration: definition.windowDuration,
      autoMitigationEnabled: true,
      criteria: [{
        query: definition.query,
        metricMeasureColumn: definition.measureColumn,
        timeAggregationMethod: definition.aggregation,
        operator: definition.operator,
        threshold: definition.threshold,
      }],
      action: { actionGroups: [this.actionGroupId] },
      tags: props.tags,
    });
  }
}
