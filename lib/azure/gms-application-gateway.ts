import { Construct } from 'constructs';
import { CookiePolicy, CookiePolicyProps } from '../cookie';
import { AppGatewayRewriteRuleSet } from '../cookie/app-gateway-rewrite';
import { COMETD_LONG_POLL_HOLD_SECONDS, EXPOSE_EVERYTHING_WARNING, isPathExposed } from '../gms';
import { APPLICATION_GATEWAY_RESOURCE_TYPE, ArmApplicationGatewayBody } from './application-gateway-arm';
import { validateApplicationGatewayBody } from './application-gateway-validation';
import { GmsNodeGroupOptions } from './gms-node-group';
import { AzapiResource, AzapiRetry } from './internal/azapi';
import { Token } from './internal/cdktf';
import { applicationGatewayBody, applicationGatewaySensitiveBody } from './private/application-gateway-body';
import { ResolvedGateway, resolveGateway } from './private/resolve-gateway';
import { GatewayCertificate, isKeyVaultCertificate, ResourceGroupReference } from './types';
import type { SecurityHeadersOptions } from '../headers/security-headers';
import { warn } from './warnings';

/** Autoscaling of the gateway (v2 capacity units of instances). */
export interface GatewayAutoscale {
  /**
   * Instances always running (0–125). Two keep a zone-redundant gateway available while one restarts. A Terraform token is accepted and left to Terraform: it is not checked at synthesis.
   *
   * @default 2
   */
  readonly minCapacity?: number;

  /**
   * Most instances (2–125), at least `minCapacity`. A Terraform token is accepted and left to Terraform: it is not checked at synthesis.
   *
   * @default 10
   */
  readonly maxCapacity?: number;
}

/** Predefined TLS policies this library allows (the TLS 1.0/1.1 ones were retired on 31 Aug 2025). */
export type GatewaySslPolicyName = 'AppGwSslPolicy20220101S' | 'AppGwSslPolicy20220101';

/** Props of {@link GmsApplicationGateway}. */
export interface GmsApplicationGatewayProps {
  /** The resource group of the gateway. */
  readonly resourceGroup: ResourceGroupReference;

  /**
   * The gateway's name (1–80 letters, digits, '_', '.', '-'); the sub-resource ids contain it.
   *
   * @default 'gms-edge-agw'
   */
  readonly name?: string;

  /** The dedicated gateway subnet (/26 or larger; Microsoft recommends /24). */
  readonly gatewaySubnetId: string;

  /** A Standard, static public IP (zone-redundant when the gateway uses zones). */
  readonly publicIpAddressId: string;

  /** The GMS node groups (at least one). */
  readonly nodeGroups: GmsNodeGroupOptions[];

  /** The TLS certificate of the HTTPS listener. */
  readonly certificate: GatewayCertificate;

  /**
   * The user-assigned identity that reads the Key Vault certificate. Required with a Key Vault
   * certificate.
   *
   * @default - none
   */
  readonly identityId?: string;

  /**
   * Host names of the HTTPS listener (a multi-site listener); it answers any host when empty.
   *
   * @default - any host
   */
  readonly hostNames?: string[];

  /**
   * Listen on HTTP port 80 and answer every request with a permanent redirect to HTTPS.
   *
   * @default true
   */
  readonly httpToHttpsRedirect?: boolean;

  /**
   * Autoscaling limits.
   *
   * @default - 2 to 10 instances
   */
  readonly autoscale?: GatewayAutoscale;

  /**
   * Availability zones (`[]` for none).
   *
   * @default - ['1', '2', '3'] in a region of AZURE_REGIONS_WITH_AVAILABILITY_ZONES; a synth error in another region (set zones then)
   */
  readonly zones?: string[];

  /**
   * Predefined TLS policy.
   *
   * @default 'AppGwSslPolicy20220101S' (TLS 1.2+, strong ciphers)
   */
  readonly sslPolicyName?: GatewaySslPolicyName;

  /**
   * HTTP/2 between clients and the gateway.
   *
   * @default true
   */
  readonly enableHttp2?: boolean;

  /**
   * An `ApplicationGatewayWebApplicationFirewallPolicies` id: the gateway becomes WAF_v2.
   *
   * @default - Standard_v2, no WAF
   */
  readonly firewallPolicyId?: string;

  /**
   * Which cookies become partitioned and which attributes are ensured.
   *
   * @default - every cookie the gateway can name: BAYEUX_BROWSER, JSESSIONID and the affinity pair
   */
  readonly cookiePolicy?: CookiePolicy | CookiePolicyProps;

  /**
   * More cookie names (or `PREFIX*`) to rewrite when the policy targets every cookie;
   * Application Gateway can only rewrite cookies it is told the names of.
   *
   * @default - none
   */
  readonly additionalCookieNames?: string[];

  /**
   * Cookie-based session affinity (needed by CometD).
   *
   * @default true
   */
  readonly cookieBasedAffinity?: boolean;

  /**
   * A custom name for the affinity cookie (the gateway also sets `<name>CORS`). With several
   * node groups it is the stem of each group's own cookie name, `<name>-<group name>`, unless a
   * group sets `affinityCookieName` itself.
   *
   * @default 'ApplicationGatewayAffinity'
   */
  readonly affinityCookieName?: string;

  /**
   * Priority of the HTTPS routing rule (1–19999); the HTTP redirect rule takes the next one, so
   * it must be known at synthesis (a Terraform token is refused).
   *
   * @default 100
   */
  readonly routingRulePriority?: number;

  /**
   * The security headers the rewrite rule set adds to every response from the nodes (the same as
   * CloudFront's on AWS: HSTS, nosniff, a Referrer-Policy, CSP `frame-ancestors` when the embedding
   * sites are listed; never X-Frame-Options). Each costs one of the rule set's 40 header
   * configurations. `false` sends none.
   *
   * @default - HSTS for a year (no includeSubDomains), nosniff, strict-origin-when-cross-origin, no CSP
   */
  readonly securityHeaders?: SecurityHeadersOptions | false;

  /**
   * Paths published besides the chat API. By default the gateway routes only CometD
   * (`/genesys/cometd`, `/genesys/cometd/*`), Chat API v2 (`/genesys/2/chat/*`) and chat
   * notifications (`/genesys/2/chat-ntf`, `/genesys/2/chat-ntf/*`) to the nodes; every other path
   * goes to an empty backend pool, which the gateway answers with 502 without reaching a node
   * (Application Gateway v2 without WAF has no fixed-response action). Each entry is a literal
   * path or a prefix ending in `/*`; `'/*'` publishes everything (with a warning).
   *
   * @default - none: the chat API only
   */
  readonly additionalExposedPaths?: string[];

  /**
   * Tags of the gateway.
   *
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

/**
 * ARM errors of a gateway create or update whose identity cannot read the Key Vault certificate
 * yet: a fresh role assignment (or access policy) takes minutes to reach Key Vault. The detail
 * code and its message, inside the ApplicationGatewayKeyVaultSecretException wrapper; the wrapper
 * itself is not retried, since it also wraps permanent errors (a secret that does not exist).
 * azapi matches these only against error responses to its own requests, not against a failed
 * long-running operation, so GmsAppGatewayEdge also waits after the grant (waitForKeyVaultGrant).
 * @internal
 */
export const KEY_VAULT_ACCESS_RETRY: AzapiRetry = {
  errorMessageRegex: ['ApplicationGatewayKeyVaultSecretAccessDenied', 'Access denied for KeyVault Secret'],
  intervalSeconds: 20,
  maxIntervalSeconds: 120,
};

/**
 * An Application Gateway v2 in front of GMS node groups, as an `azapi_resource` (the only way to
 * send `headerValueMatcher`): TLS at the gateway with a modern predefined policy, HTTP redirected
 * to HTTPS, plain HTTP to the nodes with cookie affinity, a health probe per group, path-based
 * routing for several groups, and the partitioned-cookie rewrite rule set on every rule that
 * reaches GMS.
 */
export class GmsApplicationGateway extends Construct {
  /** The gateway's `azapi_resource`; `resource.body` is {@link GmsApplicationGateway.body}. */
  public readonly resource: AzapiResource<ArmApplicationGatewayBody>;

  /** The ARM body; edit it before synthesis as an escape hatch (it is validated at synthesis). */
  public readonly body: ArmApplicationGatewayBody;

  /** The partitioned-cookie rewrite rule set in the body. */
  public readonly rewriteRuleSet: AppGatewayRewriteRuleSet;

  /** The gateway's name. */
  public readonly gatewayName: string;

  /** The cookie names (and `PREFIX*`) the rewrite rule set makes partitioned, in rule order. */
  public readonly partitionedCookieNames: string[];

  /** Each node group's affinity cookie name, by group name; empty when affinity is off. */
  public readonly affinityCookieNames: { readonly [groupName: string]: string };

  /** The ARM id of the gateway. */
  public get gatewayId(): string {
    return this.resource.id;
  }

  public constructor(scope: Construct, id: string, props: GmsApplicationGatewayProps) {
    super(scope, id);
    const gateway = resolveGateway(this, props);
    this.gatewayName = gateway.name;
    this.rewriteRuleSet = gateway.rewriteRuleSet;
    this.partitionedCookieNames = gateway.partitionedCookieNames;
    this.affinityCookieNames = Object.fromEntries(gateway.nodeGroups.groups
      .flatMap((group) => group.affinityCookieName === undefined ? [] : [[group.name, group.affinityCookieName]]));
    this.body = applicationGatewayBody(gateway);
    this.resource = this.renderResource(gateway, props);
    this.warnAboutRiskyInput(gateway);
    // The body is an escape hatch: check it again, as edited, at synthesis.
    this.node.addValidation({
      validate: () => validateApplicationGatewayBody(this.body, gateway.name).map((message) => `${this.node.path}: ${message}`),
    });
  }

  private renderResource(gateway: ResolvedGateway, props: GmsApplicationGatewayProps): AzapiResource<ArmApplicationGatewayBody> {
    return new AzapiResource<ArmApplicationGatewayBody>(this, 'Resource', {
      type: APPLICATION_GATEWAY_RESOURCE_TYPE,
      name: gateway.name,
      parentId: props.resourceGroup.id,
      location: props.resourceGroup.location,
      body: this.body,
      sensitiveBody: applicationGatewaySensitiveBody(gateway),
      // The identity's Key Vault grant may be minutes old: retry until it reaches Key Vault.
      retry: isKeyVaultCertificate(gateway.certificate) ? KEY_VAULT_ACCESS_RETRY : undefined,
      identity: props.identityId !== undefined ? { type: 'UserAssigned', identityIds: [props.identityId] } : undefined,
      tags: props.tags,
      responseExportValues: [],
    });
  }

  /** Legal but risky input: a warning with a stable id (see the README's table). */
  private warnAboutRiskyInput(gateway: ResolvedGateway): void {
    gateway.nodeGroups.groups.forEach((group, index) => {
      for (const warning of group.healthCheck.warnings) {
        warn(this, warning.id, `nodeGroups[${index}] (${group.name}).healthCheck`, warning.message);
      }
      const outside = gateway.exposure.exposesEverything ? [] : group.pathPatterns.filter((pattern) => !isPathExposed(gateway.exposure, pattern.replace(/\*$/, '')));
      if (outside.length > 0) {
        warn(this, 'nodeGroupPathNotExposed', `nodeGroups[${index}] (${group.name}).pathPatterns`, `${outside.join(', ')} reach beyond the exposed paths (${gateway.exposure.pathPatterns.join(', ')}): the gateway routes them to the group all the same. Add them to additionalExposedPaths if that is meant, or narrow them`);
      }
      const timeout = group.requestTimeoutSeconds;
      if (!Token.isUnresolved(timeout) && timeout <= COMETD_LONG_POLL_HOLD_SECONDS) {
        warn(this, 'readTimeoutNotAboveLongPoll', `nodeGroups[${index}] (${group.name}).requestTimeoutSeconds`,
          `is ${timeout}: CometD holds a long poll for ${COMETD_LONG_POLL_HOLD_SECONDS} s, so the gateway would answer 504 to held polls; use more than ${COMETD_LONG_POLL_HOLD_SECONDS}`);
      }
    });
    if (gateway.exposure.exposesEverything) {
      warn(this, EXPOSE_EVERYTHING_WARNING.id, 'additionalExposedPaths', EXPOSE_EVERYTHING_WARNING.message);
    }
    if (!isKeyVaultCertificate(gateway.certificate)) {
      warn(this, 'pfxCertificate', 'certificate.pfxBase64:', 'the PFX and its password go into azapi\'s write-only sensitive_body (needs Terraform 1.11 or later), so they stay out of the plan and the state; '
        + 'given as literals they are still written into cdk.tf.json (pass them as tokens of sensitive Terraform variables to avoid that). Prefer a Key Vault certificate (keyVaultSecretId)');
    }
    if (gateway.excludedAffinityCookies.length > 0) {
      warn(this, 'affinityCookieNotPartitioned', 'cookiePolicy.excludeCookieNames', `excludes the affinity cookie(s) ${gateway.excludedAffinityCookies.join(', ')} while cookieBasedAffinity is on: they stay third-party cookies without Partitioned, so browsers that block third-party cookies drop them and every request may land on another node (CometD loses its session). Remove them from excludeCookieNames, or turn cookieBasedAffinity off`);
    }
  }
}
