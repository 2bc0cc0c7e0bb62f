import { Construct } from 'constructs';
import { CookiePolicy, CookiePolicyProps } from '../cookie';
import type { ExistingGatewayIdentity, GmsDiagnosticsOptions, GmsWafOptions } from './app-gateway-edge-options';
import { GatewayNetwork, GatewayNetworkProps } from './gateway-network';
import { GmsApplicationGateway, GmsApplicationGatewayProps } from './gms-application-gateway';
import { GmsAppGatewayMonitoring, GmsAppGatewayMonitoringOptions } from './gms-app-gateway-monitoring';
import { GmsNodeGroupOptions } from './gms-node-group';
import {
  EdgeResourceContext,
  checkNamePrefix,
  renderDiagnostics,
  renderFirewallPolicy,
  renderGatewayNetwork,
  renderKeyVaultAccess,
  renderPublicIp,
  renderResourceGroup,
} from './private/app-gateway-edge-resources';
import { checkEdgeInput } from './private/edge-validation';
import { checkGatewayCertificate } from './private/validation';
import {
  dependable,
  ITerraformDependable,
  KeyVaultAccessPolicy,
  LogAnalyticsWorkspace,
  MonitorDiagnosticSetting,
  PublicIp,
  ResourceGroup,
  RoleAssignment,
  UserAssignedIdentity,
  WebApplicationFirewallPolicy,
} from './internal/cdktf';
import { GatewayCertificate, ResourceGroupReference } from './types';
import { zonesFor } from './availability-zones';
import type { TimeSleep } from './internal/time';

export type { ExistingGatewayIdentity, GmsDiagnosticsOptions, GmsWafOptions, WafManagedRuleSet } from './app-gateway-edge-options';

/** Gateway settings of {@link GmsAppGatewayEdge} beyond the common ones. */
export type GmsGatewayOverrides = Partial<Omit<GmsApplicationGatewayProps,
  'resourceGroup' | 'gatewaySubnetId' | 'publicIpAddressId' | 'certificate' | 'identityId' | 'firewallPolicyId'
  | 'nodeGroups' | 'hostNames' | 'cookiePolicy' | 'additionalCookieNames' | 'affinityCookieName' | 'tags' | 'additionalExposedPaths'>>;

/** Props of {@link GmsAppGatewayEdge}. */
export interface GmsAppGatewayEdgeProps {
  /** The GMS node groups behind the gateway. */
  readonly nodeGroups: GmsNodeGroupOptions[];

  /**
   * Paths published besides the chat API. By default only CometD (`/genesys/cometd`,
   * `/genesys/cometd/*`), Chat API v2 (`/genesys/2/chat/*`) and chat notifications
   * (`/genesys/2/chat-ntf`, `/genesys/2/chat-ntf/*`) reach a node; every other path is answered
   * 502 by the gateway from an empty backend pool. Each entry is a literal path or a prefix
   * ending in `/*`; `'/*'` publishes everything (with a warning).
   *
   * @default - none: the chat API only
   */
  readonly additionalExposedPaths?: string[];

  /** The TLS certificate (Key Vault secret id, or a PFX). */
  readonly certificate: GatewayCertificate;

  /**
   * Azure region of the created resource group. Required unless `existingResourceGroup` is given.
   *
   * @default - the existing resource group's location
   */
  readonly location?: string;

  /**
   * Deploy into this resource group instead of creating one.
   *
   * @default - a new resource group `<namePrefix>-rg`
   */
  readonly existingResourceGroup?: ResourceGroupReference;

  /**
   * Prefix of every resource name.
   *
   * @default 'gms-edge'
   */
  readonly namePrefix?: string;

  /**
   * Overrides of the network defaults (address space, subnet prefix, existing VNet, allowed sources).
   *
   * @default - a new 10.60.0.0/16 VNet with a 10.60.0.0/24 gateway subnet, open to the Internet on 443 (and 80)
   */
  readonly networkProps?: Omit<GatewayNetworkProps, 'resourceGroup' | 'namePrefix' | 'tags' | 'listenerPorts'>;

  /**
   * An existing dedicated gateway subnet. Its NSG is then yours to manage (see the README for the rules).
   *
   * @default - a new subnet and NSG (see `networkProps`)
   */
  readonly existingGatewaySubnetId?: string;

  /**
   * An existing Standard static public IP address id.
   *
   * @default - a new zone-redundant Standard static public IP
   */
  readonly existingPublicIpAddressId?: string;

  /**
   * DNS label of the new public IP (`<label>.<region>.cloudapp.azure.com`).
   *
   * @default - none
   */
  readonly publicIpDomainNameLabel?: string;

  /**
   * An existing user-assigned identity for Key Vault access.
   *
   * @default - a new identity when the certificate is in Key Vault
   */
  readonly existingIdentity?: ExistingGatewayIdentity;

  /**
   * The Web Application Firewall.
   *
   * @default - none (Standard_v2)
   */
  readonly waf?: GmsWafOptions;

  /**
   * Diagnostics.
   *
   * @default - all logs and metrics to a new Log Analytics workspace
   */
  readonly diagnostics?: GmsDiagnosticsOptions;

  /**
   * Metric alerts on the gateway (unhealthy and missing nodes per node group, failed requests,
   * gateway and node 5xx, capacity near the autoscale maximum, a latency held long polls cannot
   * inflate), a REST latency log alert on the diagnostics workspace, their action group and a
   * dashboard (README, Alarms and dashboard). `false` for none.
   *
   * @default - every alert with the default thresholds, a new action group without receivers (a warning), a dashboard
   */
  readonly monitoring?: GmsAppGatewayMonitoringOptions | false;

  /**
   * Host names of the HTTPS listener.
   *
   * @default - any host
   */
  readonly hostNames?: string[];

  /**
   * Which cookies become partitioned.
   *
   * @default - every cookie the gateway can name (BAYEUX_BROWSER, JSESSIONID, the affinity pairs)
   */
  readonly cookiePolicy?: CookiePolicy | CookiePolicyProps;

  /**
   * More cookie names (or `PREFIX*`) to rewrite when the policy targets every cookie.
   *
   * @default - none
   */
  readonly additionalCookieNames?: string[];

  /**
   * Custom affinity cookie name (the gateway also sets `<name>CORS`; both are rewritten). With
   * several node groups, the stem of each group's own name `<name>-<group>` (a group's
   * `affinityCookieName` overrides it).
   *
   * @default 'ApplicationGatewayAffinity'
   */
  readonly affinityCookieName?: string;

  /**
   * How long the gateway waits after a new Key Vault grant before it reads the certificate (a
   * `time_sleep` of the hashicorp/time provider; `"0s"` for none).
   *
   * @default '10m' with RBAC (role assignments take up to 10 minutes to apply), '30s' with access policies
   */
  readonly keyVaultGrantPropagationWait?: string;

  /**
   * Other gateway settings (autoscale, zones, TLS policy, HTTP/2, redirect, priorities, name).
   *
   * @default - the GmsApplicationGateway defaults
   */
  readonly gatewayProps?: GmsGatewayOverrides;

  /**
   * Tags of every created resource.
   *
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

/**
 * GMS chat behind Azure Application Gateway v2 with partitioned cookies: resource group, network
 * (dedicated subnet and NSG), public IP, identity with Key Vault access, optional WAF policy,
 * diagnostics, and the gateway. Every piece can be brought instead (`existing…`).
 */
export class GmsAppGatewayEdge extends Construct {
  /** The resource group everything is in. */
  public readonly resourceGroup: ResourceGroupReference;
  /** The created resource group; `undefined` with `existingResourceGroup`. */
  public readonly resourceGroupResource?: ResourceGroup;
  /** The created network; `undefined` with `existingGatewaySubnetId`. */
  public readonly network?: GatewayNetwork;
  /** The created public IP; `undefined` with `existingPublicIpAddressId`. */
  public readonly publicIp?: PublicIp;
  /** The created identity; `undefined` with `existingIdentity` or a PFX certificate. */
  public readonly identity?: UserAssignedIdentity;
  /** The Key Vault grant (RBAC); `undefined` without `certificate.keyVaultId` or with access policies. */
  public readonly keyVaultRoleAssignment?: RoleAssignment;
  /** The Key Vault grant (access policy); `undefined` unless `keyVaultPermissionModel: 'accessPolicy'`. */
  public readonly keyVaultAccessPolicy?: KeyVaultAccessPolicy;
  /** The wait after the Key Vault grant; `undefined` without a grant or with a zero wait. */
  public readonly keyVaultGrantWait?: TimeSleep;
  /** The created WAF policy; `undefined` without `waf` or with `waf.existingPolicyId`. */
  public readonly firewallPolicy?: WebApplicationFirewallPolicy;
  /** The created Log Analytics workspace; `undefined` when diagnostics are off or go elsewhere. */
  public readonly logAnalyticsWorkspace?: LogAnalyticsWorkspace;
  /** The diagnostic setting of the gateway; `undefined` when diagnostics are off. */
  public readonly diagnosticSetting?: MonitorDiagnosticSetting;
  /** The gateway. */
  public readonly gateway: GmsApplicationGateway;
  /** The alerts, their action group and the dashboard; `undefined` with `monitoring: false`. */
  public readonly monitoring?: GmsAppGatewayMonitoring;

  public constructor(scope: Construct, id: string, props: GmsAppGatewayEdgeProps) {
    super(scope, id);
    const namePrefix = checkNamePrefix(this, props.namePrefix);
    // Certificate problems are reported before anything is created, naming this construct; a Key
    // Vault certificate always gets an identity here (an existing one or a new one).
    checkGatewayCertificate(this, props.certificate, true);
    checkEdgeInput(this, props);

    this.resourceGroupResource = renderResourceGroup(this, props, namePrefix);
    this.resourceGroup = props.existingResourceGroup ?? this.resourceGroupResource!;
    const context: EdgeResourceContext = { resourceGroup: this.resourceGroup, namePrefix, tags: props.tags };
    // The gateway's and the public IP's zones follow the region (the location as given: a created group's is a token).
    const zones = zonesFor(this, props.existingResourceGroup?.location ?? props.location, props.gatewayProps?.zones, 'gatewayProps.zones');
    const listenerPorts = (props.gatewayProps?.httpToHttpsRedirect ?? true) ? [443, 80] : [443];

    const { gatewaySubnetId, network } = renderGatewayNetwork(this, props, context, listenerPorts);
    this.network = network;
    const { publicIpAddressId, publicIp } = renderPublicIp(this, props, context, zones);
    this.publicIp = publicIp;
    const access = renderKeyVaultAccess(this, props, context);
    this.identity = access.identity;
    this.keyVaultRoleAssignment = access.roleAssignment;
    this.keyVaultAccessPolicy = access.accessPolicy;
    this.keyVaultGrantWait = access.grantWait;
    const { firewallPolicyId, firewallPolicy } = renderFirewallPolicy(this, props.waf, context);
    this.firewallPolicy = firewallPolicy;

    this.gateway = new GmsApplicationGateway(this, 'Gateway', {
      name: `${namePrefix}-agw`,
      ...props.gatewayProps,
      zones,
      resourceGroup: this.resourceGroup,
      gatewaySubnetId,
      publicIpAddressId,
      nodeGroups: props.nodeGroups,
      additionalExposedPaths: props.additionalExposedPaths,
      certificate: props.certificate,
      identityId: access.identityId,
      firewallPolicyId,
      hostNames: props.hostNames,
      cookiePolicy: props.cookiePolicy,
      additionalCookieNames: props.additionalCookieNames,
      affinityCookieName: props.affinityCookieName,
      tags: props.tags,
    });
    this.provisionGatewayAfter([...access.dependencies, ...(network === undefined ? [] : [network.networkSecurityGroupAssociation, ...network.securityRules])]);

    const diagnostics = renderDiagnostics(this, props.diagnostics ?? {}, context, this.gateway.resource.id);
    this.logAnalyticsWorkspace = diagnostics.workspace;
    this.diagnosticSetting = diagnostics.setting;
    this.monitoring = props.monitoring === false ? undefined : GmsAppGatewayMonitoring.forGateway(this, 'Monitoring', this.gateway, { ...context, logAnalyticsWorkspaceId: diagnostics.workspaceId, ...props.monitoring });
  }

  /**
   * The identity must be able to read the certificate (a fresh grant is also retried, see
   * KEY_VAULT_ACCESS_RETRY), and the subnet must have its complete NSG, before the gateway is
   * provisioned. The NSG rules reference only the NSG's name: without this, Terraform may create
   * the gateway before AllowGatewayManagerInbound exists
   * (ApplicationGatewaySubnetInboundTrafficBlockedByNetworkSecurityGroup) and destroy the rules
   * before the gateway.
   */
  private provisionGatewayAfter(dependencies: ITerraformDependable[]): void {
    if (dependencies.length > 0) {
      this.gateway.resource.dependsOn = [...(this.gateway.resource.dependsOn ?? []), ...dependencies.map((dependency) => dependable(dependency))];
    }
  }
}
