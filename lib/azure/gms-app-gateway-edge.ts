import { Construct } from 'constructs';
import { CookiePolicy, CookiePolicyProps } from '../cookie';
import { fail, ipv4InCidr } from '../gms';
import { GatewayNetwork, GatewayNetworkProps } from './gateway-network';
import { GmsApplicationGateway, GmsApplicationGatewayProps } from './gms-application-gateway';
import { GmsNodeGroupOptions } from './gms-node-group';
import { checkEdgeInput } from './private/edge-validation';
import { checkGatewayCertificate, checkInteger } from './private/validation';
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
import { GatewayCertificate, isKeyVaultCertificate, ResourceGroupReference } from './types';
import { zonesFor } from './availability-zones';
import { KEY_VAULT_GRANT_PROPAGATION_WAIT, keyVaultGrantScope, waitForKeyVaultGrant } from './key-vault-access';
import type { TimeSleep } from './internal/time';

/** An existing user-assigned identity for the gateway. */
export interface ExistingGatewayIdentity {
  /** Resource id. */
  readonly id: string;
  /** Object (principal) id, for the Key Vault grant. */
  readonly principalId: string;
  /** Tenant id, for a Key Vault access policy. */
  readonly tenantId: string;
}

/** A managed rule set of the WAF policy. */
export interface WafManagedRuleSet {
  /** e.g. `Microsoft_DefaultRuleSet`, `OWASP`, `Microsoft_BotManagerRuleSet`. */
  readonly type: string;
  /** e.g. `2.1`, `3.2`, `1.1`. */
  readonly version: string;
}

/** The Web Application Firewall (the gateway becomes WAF_v2). */
export interface GmsWafOptions {
  /**
   * Block (Prevention) or only log (Detection) what the rules match. Start with Detection if
   * unsure how the managed rules treat the chat traffic, then switch.
   *
   * @default 'Prevention'
   */
  readonly mode?: 'Prevention' | 'Detection';

  /**
   * Managed rule sets.
   *
   * @default [{ type: 'Microsoft_DefaultRuleSet', version: '2.1' }]
   */
  readonly managedRuleSets?: WafManagedRuleSet[];

  /**
   * Use this existing `ApplicationGatewayWebApplicationFirewallPolicies` id instead of creating a policy.
   *
   * @default - a new policy
   */
  readonly existingPolicyId?: string;
}

/** Where the gateway's logs and metrics go. */
export interface GmsDiagnosticsOptions {
  /**
   * Send all logs and metrics to Log Analytics.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * An existing Log Analytics workspace id.
   *
   * @default - a new workspace
   */
  readonly logAnalyticsWorkspaceId?: string;

  /**
   * Retention of a new workspace, in days (30–730).
   *
   * @default 30
   */
  readonly retentionInDays?: number;
}

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

  public constructor(scope: Construct, id: string, props: GmsAppGatewayEdgeProps) {
    super(scope, id);
    const prefix = props.namePrefix ?? 'gms-edge';
    if (!/^[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?$/.test(prefix)) {
      fail(this, 'namePrefix', `must be 1-24 lower-case letters, digits or '-', got ${JSON.stringify(prefix)}`);
    }
    const identityNeeded = isKeyVaultCertificate(props.certificate);
    // Certificate problems are reported before anything is created, naming this construct; a Key
    // Vault certificate always gets an identity here (an existing one or a new one).
    checkGatewayCertificate(this, props.certificate, true);
    checkEdgeInput(this, props);

    if (props.existingResourceGroup !== undefined) {
      this.resourceGroup = props.existingResourceGroup;
    } else {
      if (props.location === undefined || props.location.length === 0) {
        fail(this, 'location', 'is required when no existingResourceGroup is given (e.g. "westeurope")');
      }
      this.resourceGroupResource = new ResourceGroup(this, 'ResourceGroup', {
        name: `${prefix}-rg`,
        location: props.location,
        tags: props.tags,
      });
      this.resourceGroup = this.resourceGroupResource;
    }
    const resourceGroup = this.resourceGroup;
    // The gateway's and the public IP's zones follow the region (the location as given: a created group's is a token).
    const zones = zonesFor(this, props.existingResourceGroup?.location ?? props.location, props.gatewayProps?.zones, 'gatewayProps.zones');
    const redirect = props.gatewayProps?.httpToHttpsRedirect ?? true;

    let gatewaySubnetId: string;
    if (props.existingGatewaySubnetId !== undefined) {
      if (props.networkProps !== undefined) {
        fail(this, 'networkProps', 'conflicts with existingGatewaySubnetId: give networkProps or existingGatewaySubnetId, not both');
      }
      gatewaySubnetId = props.existingGatewaySubnetId;
    } else {
      this.network = new GatewayNetwork(this, 'Network', {
        ...props.networkProps,
        resourceGroup,
        namePrefix: prefix,
        listenerPorts: redirect ? [443, 80] : [443],
        tags: props.tags,
      });
      gatewaySubnetId = this.network.gatewaySubnet.id;
      // The gateway subnet is dedicated: a node cannot live in it.
      const subnetPrefix = this.network.gatewaySubnetPrefix;
      props.nodeGroups.forEach((group, groupIndex) => {
        (group.ipAddresses ?? []).forEach((address, addressIndex) => {
          if (ipv4InCidr(address, subnetPrefix) === true) {
            fail(this, `nodeGroups[${groupIndex}]`, `(${group.name}).ipAddresses[${addressIndex}] ${address} lies inside the gateway subnet ${subnetPrefix}, which is dedicated to the gateway; give the nodes' own addresses (in a peered network or another subnet)`);
          }
        });
      });
    }

    let publicIpAddressId: string;
    if (props.existingPublicIpAddressId !== undefined) {
      publicIpAddressId = props.existingPublicIpAddressId;
    } else {
      this.publicIp = new PublicIp(this, 'PublicIp', {
        name: `${prefix}-agw-pip`,
        resourceGroupName: resourceGroup.name,
        location: resourceGroup.location,
        sku: 'Standard',
        allocationMethod: 'Static',
        zones,
        domainNameLabel: props.publicIpDomainNameLabel,
        tags: props.tags,
      });
      publicIpAddressId = this.publicIp.id;
    }

    let identityId: string | undefined;
    const dependencies: ITerraformDependable[] = [];
    if (identityNeeded) {
      let principalId: string;
      let tenantId: string;
      if (props.existingIdentity !== undefined) {
        identityId = props.existingIdentity.id;
        principalId = props.existingIdentity.principalId;
        tenantId = props.existingIdentity.tenantId;
      } else {
        this.identity = new UserAssignedIdentity(this, 'Identity', {
          name: `${prefix}-agw-identity`,
          resourceGroupName: resourceGroup.name,
          location: resourceGroup.location,
          tags: props.tags,
        });
        identityId = this.identity.id;
        principalId = this.identity.principalId;
        tenantId = this.identity.tenantId;
      }
      const certificate = props.certificate as { keyVaultId?: string; keyVaultPermissionModel?: 'rbac' | 'accessPolicy' };
      const model = certificate.keyVaultPermissionModel ?? 'rbac';
      if (model !== 'rbac' && model !== 'accessPolicy') {
        fail(this, 'certificate.keyVaultPermissionModel', `must be 'rbac' or 'accessPolicy', got ${JSON.stringify(model)}`);
      }
      if (certificate.keyVaultId !== undefined && model === 'rbac') {
        this.keyVaultRoleAssignment = new RoleAssignment(this, 'KeyVaultSecretsUser', {
          scope: keyVaultGrantScope(certificate.keyVaultId, (props.certificate as { keyVaultSecretId: string }).keyVaultSecretId).scope,
          roleDefinitionName: 'Key Vault Secrets User',
          principalId,
          principalType: 'ServicePrincipal',
        });
        dependencies.push(this.keyVaultRoleAssignment);
      } else if (certificate.keyVaultId !== undefined) {
        this.keyVaultAccessPolicy = new KeyVaultAccessPolicy(this, 'KeyVaultAccessPolicy', {
          keyVaultId: certificate.keyVaultId,
          tenantId,
          objectId: principalId,
          // The gateway reads the certificate as a secret; it needs no certificate permission.
          secretPermissions: ['Get'],
        });
        dependencies.push(this.keyVaultAccessPolicy);
      }
      const grant = this.keyVaultRoleAssignment ?? this.keyVaultAccessPolicy;
      this.keyVaultGrantWait = grant === undefined ? undefined : waitForKeyVaultGrant(this, grant, props.keyVaultGrantPropagationWait ?? KEY_VAULT_GRANT_PROPAGATION_WAIT[model]);
      dependencies.push(...(this.keyVaultGrantWait === undefined ? [] : [this.keyVaultGrantWait]));
    } else if (props.existingIdentity !== undefined) {
      fail(this, 'existingIdentity', 'is only used with a Key Vault certificate (certificate.keyVaultSecretId)');
    }

    let firewallPolicyId: string | undefined;
    if (props.waf !== undefined) {
      if (props.waf.existingPolicyId !== undefined) {
        if (props.waf.mode !== undefined || props.waf.managedRuleSets !== undefined) {
          fail(this, 'waf.mode', 'and waf.managedRuleSets configure a new policy; they cannot apply to waf.existingPolicyId');
        }
        firewallPolicyId = props.waf.existingPolicyId;
      } else {
        const mode = props.waf.mode ?? 'Prevention';
        if (mode !== 'Prevention' && mode !== 'Detection') {
          fail(this, 'waf.mode', `must be 'Prevention' or 'Detection', got ${JSON.stringify(mode)}`);
        }
        const ruleSets = props.waf.managedRuleSets ?? [{ type: 'Microsoft_DefaultRuleSet', version: '2.1' }];
        if (ruleSets.length === 0) {
          fail(this, 'waf.managedRuleSets', 'must list at least one managed rule set (e.g. Microsoft_DefaultRuleSet 2.1)');
        }
        this.firewallPolicy = new WebApplicationFirewallPolicy(this, 'FirewallPolicy', {
          name: `${prefix}-waf-policy`,
          resourceGroupName: resourceGroup.name,
          location: resourceGroup.location,
          policySettings: { enabled: true, mode, requestBodyCheck: true },
          managedRules: { managedRuleSet: ruleSets.map((ruleSet) => ({ type: ruleSet.type, version: ruleSet.version })) },
          tags: props.tags,
        });
        firewallPolicyId = this.firewallPolicy.id;
      }
    }

    this.gateway = new GmsApplicationGateway(this, 'Gateway', {
      name: `${prefix}-agw`,
      ...props.gatewayProps,
      zones,
      resourceGroup,
      gatewaySubnetId,
      publicIpAddressId,
      nodeGroups: props.nodeGroups,
      additionalExposedPaths: props.additionalExposedPaths,
      certificate: props.certificate,
      identityId,
      firewallPolicyId,
      hostNames: props.hostNames,
      cookiePolicy: props.cookiePolicy,
      additionalCookieNames: props.additionalCookieNames,
      affinityCookieName: props.affinityCookieName,
      tags: props.tags,
    });
    if (this.network !== undefined) {
      // The rules reference only the NSG's name: without these, Terraform may create the gateway
      // before AllowGatewayManagerInbound exists (ApplicationGatewaySubnetInboundTrafficBlockedByNetworkSecurityGroup)
      // and destroy the rules before the gateway.
      dependencies.push(this.network.networkSecurityGroupAssociation, ...this.network.securityRules);
    }
    if (dependencies.length > 0) {
      // The identity must be able to read the certificate (a fresh grant is also retried, see
      // KEY_VAULT_ACCESS_RETRY), and the subnet must have its complete NSG, before the gateway
      // is provisioned.
      this.gateway.resource.dependsOn = [...(this.gateway.resource.dependsOn ?? []), ...dependencies.map((dependency) => dependable(dependency))];
    }

    const diagnostics = props.diagnostics ?? {};
    if (diagnostics.enabled ?? true) {
      let workspaceId = diagnostics.logAnalyticsWorkspaceId;
      if (workspaceId === undefined) {
        const retentionInDays = diagnostics.retentionInDays ?? 30;
        checkInteger(this, 'diagnostics.retentionInDays', retentionInDays, { min: 30, max: 730 });
        this.logAnalyticsWorkspace = new LogAnalyticsWorkspace(this, 'LogAnalytics', {
          name: `${prefix}-logs`,
          resourceGroupName: resourceGroup.name,
          location: resourceGroup.location,
          sku: 'PerGB2018',
          retentionInDays,
          tags: props.tags,
        });
        workspaceId = this.logAnalyticsWorkspace.id;
      } else if (diagnostics.retentionInDays !== undefined) {
        fail(this, 'diagnostics.retentionInDays', 'applies to a new workspace, not to diagnostics.logAnalyticsWorkspaceId');
      }
      this.diagnosticSetting = new MonitorDiagnosticSetting(this, 'Diagnostics', {
        name: `${prefix}-agw-diagnostics`,
        targetResourceId: this.gateway.resource.id,
        logAnalyticsWorkspaceId: workspaceId,
        logAnalyticsDestinationType: 'Dedicated',
        enabledLog: [{ categoryGroup: 'allLogs' }],
        enabledMetric: [{ category: 'AllMetrics' }],
      });
    } else if (diagnostics.logAnalyticsWorkspaceId !== undefined) {
      fail(this, 'diagnostics.logAnalyticsWorkspaceId', 'is set but diagnostics.enabled is false');
    }
  }
}
