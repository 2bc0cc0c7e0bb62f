import { Construct } from 'constructs';
import { CookiePolicy, CookiePolicyProps, isHttpToken } from '../cookie';
import {
  affinityCookiesExcludedByPolicy,
  APP_GATEWAY_AFFINITY_CORS_SUFFIX,
  APP_GATEWAY_AFFINITY_COOKIE,
  APP_GATEWAY_MAX_HEADER_CONFIGURATIONS_PER_RULE_SET,
  AppGatewayRewriteRuleSet,
  appGatewayRewriteRuleSet,
  BAYEUX_BROWSER_COOKIE,
  JSESSIONID_COOKIE,
  partitionedCookieMatchers,
} from '../cookie/app-gateway-rewrite';
import {
  APPLICATION_GATEWAY_RESOURCE_TYPE,
  ArmApplicationGatewayBody,
  ArmApplicationGatewaySensitiveBody,
  ArmBackendHttpSettings,
  ArmNamed,
  ArmPathRule,
  ArmProbe,
  ArmSslCertificate,
  ArmSubResource,
} from './application-gateway-arm';
import { APPLICATION_GATEWAY_LIMITS, ARM_NAME, checkListenerHostNames, validateApplicationGatewayBody } from './application-gateway-validation';
import { SecurityHeadersOptions, securityResponseHeaders } from '../headers/security-headers';
import { AzapiResource, AzapiRetry } from './internal/azapi';
import { zonesFor } from './availability-zones';
import { Annotations, Token } from './internal/cdktf';
import { GatewayCertificate, isKeyVaultCertificate, ResourceGroupReference } from './types';

/** The health check of a node group (an Application Gateway custom probe). */
export interface GmsHealthCheck {
  /**
   * Path the gateway requests on every node.
   *
   * @default '/genesys/1/admin/node/status'
   */
  readonly path?: string;

  /**
   * Status codes (or ranges such as `200-399`) that count as healthy. Newer GMS versions answer
   * the node status with 401 without an Authorization header: then use another path or accept 401.
   *
   * @default ['200']
   */
  readonly statusCodes?: string[];

  /**
   * Text the response body must contain. GMS answers `ONLINE` or `OFFLINE`, so an OFFLINE node
   * stops receiving chats.
   *
   * @default 'ONLINE' when `path` is the default, otherwise none
   */
  readonly bodyContains?: string;

  /**
   * Host header of the probe for IP-address backends.
   *
   * @default 'localhost' (FQDN backends use their own name)
   */
  readonly host?: string;

  /**
   * Seconds between probes.
   *
   * @default 15
   */
  readonly intervalSeconds?: number;

  /**
   * Seconds to wait for an answer.
   *
   * @default 10
   */
  readonly timeoutSeconds?: number;

  /**
   * Consecutive failures before a node is unhealthy.
   *
   * @default 3
   */
  readonly unhealthyThreshold?: number;
}

/** A group of GMS nodes: one backend pool with its settings and probe. */
export interface GmsNodeGroup {
  /** A short name, used in the names of the pool, settings and probe (letters, digits, '-'). */
  readonly name: string;

  /**
   * Private IP addresses of the nodes. Give either `ipAddresses` or `fqdns`.
   *
   * @default - none
   */
  readonly ipAddresses?: string[];

  /**
   * Host names of the nodes. Give either `ipAddresses` or `fqdns`.
   *
   * @default - none
   */
  readonly fqdns?: string[];

  /**
   * URL path patterns routed to this group (`/genesys/cometd/*`: a `*` only at the end, after `/`).
   * With several groups every group but the default one needs at least one.
   *
   * @default - none (the default group)
   */
  readonly pathPatterns?: string[];

  /**
   * Whether this group serves every path no other group claims. Exactly one group is the
   * default when there are several; a single group always is.
   *
   * @default - true for a single group, false otherwise
   */
  readonly default?: boolean;

  /**
   * The nodes' plain HTTP port (TLS ends at the gateway).
   *
   * @default 8080
   */
  readonly port?: number;

  /**
   * Seconds the gateway waits for a node's answer. Must exceed the CometD long-poll hold (30 s).
   *
   * @default 60
   */
  readonly requestTimeoutSeconds?: number;

  /**
   * Seconds a node being removed keeps serving its open requests.
   *
   * @default 60
   */
  readonly drainTimeoutSeconds?: number;

  /**
   * The name of this group's affinity cookie (the gateway also sets `<name>CORS`). Each group
   * needs its own: all affinity cookies have `Path=/`, so with one shared name a request routed
   * to another group's pool gets a node there and overwrites the cookie, and the next CometD
   * request loses its node.
   *
   * @default - the gateway's `affinityCookieName` for a single group; with several groups
   *   `<affinityCookieName ?? 'ApplicationGatewayAffinity'>-<name>`
   */
  readonly affinityCookieName?: string;

  /**
   * The health probe.
   *
   * @default - GET /genesys/1/admin/node/status, 200 with body ONLINE
   */
  readonly healthCheck?: GmsHealthCheck;
}

/** Autoscaling of the gateway (v2 capacity units of instances). */
export interface GatewayAutoscale {
  /**
   * Instances always running (0–125). Two keep a zone-redundant gateway available while one restarts.
   *
   * @default 2
   */
  readonly minCapacity?: number;

  /**
   * Most instances (2–125).
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
  readonly nodeGroups: GmsNodeGroup[];

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
   * Priority of the HTTPS routing rule (1–20000); the HTTP redirect rule takes the next one.
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
   * Tags of the gateway.
   *
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

const NODE_GROUP_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const FQDN = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const STATUS_CODES = /^[1-5]\d\d(?:-[1-5]\d\d)?$/;
const VERSIONLESS_SECRET_ID = /^https:\/\/[A-Za-z0-9-]+\.vault\.[A-Za-z0-9.-]+\/secrets\/[A-Za-z0-9-]+\/?$/;
const DEFAULT_HEALTH_PATH = '/genesys/1/admin/node/status';
/** How long GMS' CometD holds a /meta/connect long poll. */
const COMETD_LONG_POLL_SECONDS = 30;
/**
 * ARM errors of a gateway create or update whose identity cannot read the Key Vault certificate
 * yet: a fresh role assignment (or access policy) takes minutes to reach Key Vault. The detail
 * code and its message, inside the ApplicationGatewayKeyVaultSecretException wrapper; the wrapper
 * itself is not retried, since it also wraps permanent errors (a secret that does not exist).
 * azapi matches these only against error responses to its own requests, not against a failed
 * long-running operation, so GmsAppGatewayEdge also waits after the grant (waitForKeyVaultGrant).
 */
export const KEY_VAULT_ACCESS_RETRY: AzapiRetry = {
  errorMessageRegex: ['ApplicationGatewayKeyVaultSecretAccessDenied', 'Access denied for KeyVault Secret'],
  intervalSeconds: 20,
  maxIntervalSeconds: 120,
};

function literal(value: string | undefined): boolean {
  return value !== undefined && !Token.isUnresolved(value);
}

function checkInteger(field: string, value: number, range: { readonly min: number; readonly max: number }, unit = ''): void {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new Error(`GmsApplicationGateway: ${field} must be an integer from ${range.min} to ${range.max}${unit}, got ${value}`);
  }
}

function checkPathPattern(field: string, pattern: string): void {
  if (!pattern.startsWith('/') || /[?#\s]/.test(pattern) || (pattern.includes('*') && (!pattern.endsWith('/*') || pattern.indexOf('*') !== pattern.length - 1))) {
    throw new Error(`GmsApplicationGateway: ${field} ${JSON.stringify(pattern)} is not an Application Gateway path pattern: it must start with '/', contain no '?', '#' or spaces, and use '*' only as a final '/*'`);
  }
}

/**
 * Validates the certificate input up front; the messages name the property.
 *
 * @param identityAvailable whether a user-assigned identity will read a Key Vault certificate
 */
export function checkGatewayCertificate(certificate: GatewayCertificate, identityAvailable: boolean, owner: string): void {
  const hasKeyVault = isKeyVaultCertificate(certificate);
  const hasPfx = 'pfxBase64' in certificate && certificate.pfxBase64 !== undefined;
  if (hasKeyVault === hasPfx) {
    throw new Error(`${owner}: certificate needs exactly one of keyVaultSecretId (recommended) or pfxBase64 with pfxPassword`);
  }
  if (isKeyVaultCertificate(certificate)) {
    if (literal(certificate.keyVaultSecretId) && !VERSIONLESS_SECRET_ID.test(certificate.keyVaultSecretId)) {
      throw new Error(`${owner}: certificate.keyVaultSecretId must be a versionless Key Vault secret id such as https://my-vault.vault.azure.net/secrets/gms-tls (without the version, so the gateway follows certificate rotation), got ${JSON.stringify(certificate.keyVaultSecretId)}`);
    }
    if (!identityAvailable) {
      throw new Error(`${owner}: a Key Vault certificate needs identityId, a user-assigned identity allowed to read the secret`);
    }
  }
  if ('pfxBase64' in certificate && hasPfx) {
    if (literal(certificate.pfxBase64) && (certificate.pfxBase64.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(certificate.pfxBase64) || certificate.pfxBase64.length % 4 !== 0)) {
      throw new Error(`${owner}: certificate.pfxBase64 must be the PFX file encoded in base64`);
    }
    if (typeof certificate.pfxPassword !== 'string' || (literal(certificate.pfxPassword) && certificate.pfxPassword.length === 0)) {
      throw new Error(`${owner}: certificate.pfxPassword is required with pfxBase64 (Application Gateway rejects a PFX without a password)`);
    }
  }
}

/**
 * An Application Gateway v2 in front of GMS node groups, as an `azapi_resource` (the only way to
 * send `headerValueMatcher`): TLS at the gateway with a modern predefined policy, HTTP redirected
 * to HTTPS, plain HTTP to the nodes with cookie affinity, a health probe per group, path-based
 * routing for several groups, and the partitioned-cookie rewrite rule set on every rule that
 * reaches GMS.
 */
export class GmsApplicationGateway extends Construct {
  /** The gateway's `azapi_resource`; `resource.body` is {@link body}. */
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
    const gatewayName = props.name ?? 'gms-edge-agw';
    if (!literal(gatewayName) || !ARM_NAME.test(gatewayName)) {
      throw new Error(`GmsApplicationGateway: name must be a literal of 1-80 letters, digits, '_', '.' or '-' (sub-resource ids contain it), got ${JSON.stringify(gatewayName)}`);
    }
    this.gatewayName = gatewayName;
    checkGatewayCertificate(props.certificate, props.identityId !== undefined, 'GmsApplicationGateway');

    const groups = props.nodeGroups ?? [];
    if (groups.length === 0) {
      throw new Error('GmsApplicationGateway: nodeGroups must list at least one group of GMS nodes');
    }
    const defaults = groups.filter((group) => group.default === true || (groups.length === 1 && group.default !== false));
    if (defaults.length !== 1) {
      throw new Error(`GmsApplicationGateway: nodeGroups must have exactly one default group (default: true), found ${defaults.length}${defaults.length > 1 ? ` (${defaults.map((group) => group.name).join(', ')})` : ''}`);
    }
    const defaultGroup = defaults[0];
    const seenNames = new Set<string>();
    const seenPaths = new Map<string, string>();
    groups.forEach((group, index) => {
      const field = `nodeGroups[${index}]`;
      if (typeof group.name !== 'string' || !NODE_GROUP_NAME.test(group.name)) {
        throw new Error(`GmsApplicationGateway: ${field}.name must be 1-40 letters, digits or '-', got ${JSON.stringify(group.name)}`);
      }
      if (seenNames.has(group.name)) {
        throw new Error(`GmsApplicationGateway: ${field}.name ${JSON.stringify(group.name)} is used by two groups`);
      }
      seenNames.add(group.name);
      const ips = group.ipAddresses ?? [];
      const fqdns = group.fqdns ?? [];
      if ((ips.length === 0) === (fqdns.length === 0)) {
        throw new Error(`GmsApplicationGateway: ${field} (${group.name}) needs either ipAddresses or fqdns (one kind per group), with at least one node`);
      }
      ips.forEach((ip, ipIndex) => {
        if (literal(ip) && !IPV4.test(ip)) {
          throw new Error(`GmsApplicationGateway: ${field}.ipAddresses[${ipIndex}] ${JSON.stringify(ip)} is not an IPv4 address`);
        }
      });
      fqdns.forEach((fqdn, fqdnIndex) => {
        if (literal(fqdn) && !FQDN.test(fqdn)) {
          throw new Error(`GmsApplicationGateway: ${field}.fqdns[${fqdnIndex}] ${JSON.stringify(fqdn)} is not a host name`);
        }
      });
      checkInteger(`${field}.port`, group.port ?? 8080, APPLICATION_GATEWAY_LIMITS.port);
      checkInteger(`${field}.requestTimeoutSeconds`, group.requestTimeoutSeconds ?? 60, APPLICATION_GATEWAY_LIMITS.requestTimeoutSeconds, ' seconds');
      checkInteger(`${field}.drainTimeoutSeconds`, group.drainTimeoutSeconds ?? 60, APPLICATION_GATEWAY_LIMITS.drainTimeoutSeconds, ' seconds');
      const health = group.healthCheck ?? {};
      if (health.path !== undefined && (!health.path.startsWith('/') || /\s/.test(health.path))) {
        throw new Error(`GmsApplicationGateway: ${field}.healthCheck.path must start with '/' and contain no spaces, got ${JSON.stringify(health.path)}`);
      }
      if (health.statusCodes !== undefined && (health.statusCodes.length === 0 || health.statusCodes.some((code) => !STATUS_CODES.test(code)))) {
        throw new Error(`GmsApplicationGateway: ${field}.healthCheck.statusCodes must be status codes or ranges such as "200" or "200-399", got ${JSON.stringify(health.statusCodes)}`);
      }
      checkInteger(`${field}.healthCheck.intervalSeconds`, health.intervalSeconds ?? 15, APPLICATION_GATEWAY_LIMITS.probeIntervalSeconds, ' seconds');
      checkInteger(`${field}.healthCheck.timeoutSeconds`, health.timeoutSeconds ?? 10, APPLICATION_GATEWAY_LIMITS.probeIntervalSeconds, ' seconds');
      checkInteger(`${field}.healthCheck.unhealthyThreshold`, health.unhealthyThreshold ?? 3, APPLICATION_GATEWAY_LIMITS.probeUnhealthyThreshold);
      const paths = group.pathPatterns ?? [];
      if (groups.length > 1 && group !== defaultGroup && paths.length === 0) {
        throw new Error(`GmsApplicationGateway: ${field} (${group.name}) needs pathPatterns: with several groups, every group but the default one is reached by its paths`);
      }
      paths.forEach((pattern, pathIndex) => {
        checkPathPattern(`${field}.pathPatterns[${pathIndex}]`, pattern);
        const owner = seenPaths.get(pattern.toLowerCase());
        if (owner !== undefined) {
          throw new Error(`GmsApplicationGateway: ${field}.pathPatterns[${pathIndex}] ${JSON.stringify(pattern)} is also a path of group ${owner}`);
        }
        seenPaths.set(pattern.toLowerCase(), group.name);
      });
    });

    const autoscale = { minCapacity: props.autoscale?.minCapacity ?? 2, maxCapacity: props.autoscale?.maxCapacity ?? 10 };
    checkInteger('autoscale.minCapacity', autoscale.minCapacity, APPLICATION_GATEWAY_LIMITS.autoscaleMinCapacity);
    checkInteger('autoscale.maxCapacity', autoscale.maxCapacity, APPLICATION_GATEWAY_LIMITS.autoscaleMaxCapacity);
    if (autoscale.maxCapacity < autoscale.minCapacity) {
      throw new Error(`GmsApplicationGateway: autoscale.maxCapacity (${autoscale.maxCapacity}) must be at least autoscale.minCapacity (${autoscale.minCapacity})`);
    }
    const priority = props.routingRulePriority ?? 100;
    checkInteger('routingRulePriority', priority, { min: APPLICATION_GATEWAY_LIMITS.routingRulePriority.min, max: APPLICATION_GATEWAY_LIMITS.routingRulePriority.max - 1 });
    const zones = zonesFor(this, props.resourceGroup.location, props.zones, 'GmsApplicationGateway');
    const sslPolicyName = props.sslPolicyName ?? 'AppGwSslPolicy20220101S';
    if (sslPolicyName !== 'AppGwSslPolicy20220101S' && sslPolicyName !== 'AppGwSslPolicy20220101') {
      throw new Error(`GmsApplicationGateway: sslPolicyName must be AppGwSslPolicy20220101S or AppGwSslPolicy20220101 (the older policies allow TLS 1.0/1.1, retired on 31 Aug 2025), got ${JSON.stringify(sslPolicyName)}`);
    }
    checkListenerHostNames('GmsApplicationGateway', props.hostNames);
    (props.hostNames ?? []).forEach((hostName, index) => {
      if (literal(hostName) && !FQDN.test(hostName.replace(/^\*\./, 'wildcard.'))) {
        throw new Error(`GmsApplicationGateway: hostNames[${index}] ${JSON.stringify(hostName)} is not a host name`);
      }
    });

    const affinity = props.cookieBasedAffinity ?? true;
    const affinityCookieName = props.affinityCookieName;
    if (affinityCookieName !== undefined && (!affinity || !isHttpToken(affinityCookieName))) {
      throw new Error(`GmsApplicationGateway: affinityCookieName ${JSON.stringify(affinityCookieName)} must be a cookie name (RFC 6265 token characters), and needs cookieBasedAffinity`);
    }
    const several = groups.length > 1;
    // One affinity cookie per group: they all have Path=/, so a shared name would be overwritten
    // whenever a request is routed to another group's pool.
    const groupAffinityCookies = new Map<GmsNodeGroup, string>();
    const cookieOwners = new Map<string, string>([
      [BAYEUX_BROWSER_COOKIE, 'GMS'],
      [JSESSIONID_COOKIE, 'GMS'],
    ]);
    groups.forEach((group, index) => {
      const field = `nodeGroups[${index}].affinityCookieName`;
      if (!affinity) {
        if (group.affinityCookieName !== undefined) {
          throw new Error(`GmsApplicationGateway: ${field} ${JSON.stringify(group.affinityCookieName)} needs cookieBasedAffinity`);
        }
        return;
      }
      const name = group.affinityCookieName ?? (several ? `${affinityCookieName ?? APP_GATEWAY_AFFINITY_COOKIE}-${group.name}` : affinityCookieName ?? APP_GATEWAY_AFFINITY_COOKIE);
      if (typeof name !== 'string' || !isHttpToken(name)) {
        throw new Error(`GmsApplicationGateway: ${field} ${JSON.stringify(name)} must be a cookie name (RFC 6265 token characters)`);
      }
      for (const cookie of [name, name + APP_GATEWAY_AFFINITY_CORS_SUFFIX]) {
        const owner = cookieOwners.get(cookie);
        if (owner !== undefined) {
          throw new Error(`GmsApplicationGateway: ${field} ${JSON.stringify(name)} makes the gateway set cookie ${cookie}, which ${owner === 'GMS' ? 'GMS sets itself' : `is also the affinity cookie (or its CORS companion) of group ${owner}`}; every node group needs an affinity cookie of its own`);
        }
        cookieOwners.set(cookie, group.name);
      }
      groupAffinityCookies.set(group, name);
    });
    this.affinityCookieNames = Object.fromEntries(groups.filter((group) => groupAffinityCookies.has(group)).map((group) => [group.name, groupAffinityCookies.get(group) as string]));
    const rewriteOptions = {
      policy: props.cookiePolicy,
      affinityCookieNames: [...groupAffinityCookies.values()],
      additionalCookieNames: props.additionalCookieNames,
      responseHeaders: props.securityHeaders === false ? [] : securityResponseHeaders(props.securityHeaders, 'GmsApplicationGateway: securityHeaders'),
    };
    const matchers = partitionedCookieMatchers(rewriteOptions);
    if (matchers.length + rewriteOptions.responseHeaders.length > APP_GATEWAY_MAX_HEADER_CONFIGURATIONS_PER_RULE_SET) {
      throw new Error(`GmsApplicationGateway: the partitioned-cookie rewrite rule set needs ${matchers.length + rewriteOptions.responseHeaders.length} header configurations (one per cookie name: ${matchers.map((matcher) => matcher.cookieName).join(', ')}; and ${rewriteOptions.responseHeaders.length} security headers), `
        + `of which ${2 * groupAffinityCookies.size} for the affinity cookies and their CORS companions of ${groupAffinityCookies.size} node group(s); Application Gateway allows at most ${APP_GATEWAY_MAX_HEADER_CONFIGURATIONS_PER_RULE_SET} per rewrite rule set. `
        + 'Use fewer node groups or additionalCookieNames, or PREFIX* entries in the policy\'s cookieNames (an affinity prefix such as "ApplicationGatewayAffinity*" covers every group\'s pair)');
    }
    this.rewriteRuleSet = appGatewayRewriteRuleSet(rewriteOptions);
    this.partitionedCookieNames = matchers.map((matcher) => matcher.cookieName);
    const excludedAffinityCookies = affinityCookiesExcludedByPolicy(props.cookiePolicy, rewriteOptions.affinityCookieNames);

    const gatewayId = `${props.resourceGroup.id}/providers/Microsoft.Network/applicationGateways/${gatewayName}`;
    const ref = (collection: string, name: string): ArmSubResource => ({ id: `${gatewayId}/${collection}/${name}` });

    const tlsCertificate = props.certificate;
    const fromKeyVault = isKeyVaultCertificate(tlsCertificate);
    // A PFX and its password go into the write-only sensitive_body, which azapi merges into the
    // body element of the same name: they stay out of the plan and the state.
    const certificate: ArmSslCertificate = fromKeyVault ? { keyVaultSecretId: tlsCertificate.keyVaultSecretId } : {};
    const sensitiveBody: ArmApplicationGatewaySensitiveBody | undefined = fromKeyVault ? undefined : {
      properties: {
        sslCertificates: [{
          name: 'tls-certificate',
          properties: { data: tlsCertificate.pfxBase64, password: tlsCertificate.pfxPassword },
        }],
      },
    };

    const redirect = props.httpToHttpsRedirect ?? true;
    const ruleSetRef = ref('rewriteRuleSets', this.rewriteRuleSet.name);
    const pool = (group: GmsNodeGroup): ArmSubResource => ref('backendAddressPools', `pool-${group.name}`);
    const settings = (group: GmsNodeGroup): ArmSubResource => ref('backendHttpSettingsCollection', `settings-${group.name}`);

    const backendSettings = groups.map((group): ArmNamed<ArmBackendHttpSettings> => ({
      name: `settings-${group.name}`,
      properties: {
        port: group.port ?? 8080,
        protocol: 'Http',
        cookieBasedAffinity: affinity ? 'Enabled' : 'Disabled',
        // A single group without a custom name keeps the gateway's own default name.
        affinityCookieName: affinity && (several || group.affinityCookieName !== undefined || affinityCookieName !== undefined) ? groupAffinityCookies.get(group) : undefined,
        requestTimeout: group.requestTimeoutSeconds ?? 60,
        connectionDraining: { enabled: true, drainTimeoutInSec: group.drainTimeoutSeconds ?? 60 },
        // IP backends keep the client's Host header; FQDN backends get their own name.
        pickHostNameFromBackendAddress: (group.fqdns ?? []).length > 0,
        probe: ref('probes', `probe-${group.name}`),
      },
    }));
    const probes = groups.map((group): ArmNamed<ArmProbe> => {
      const health = group.healthCheck ?? {};
      const path = health.path ?? DEFAULT_HEALTH_PATH;
      const body = health.bodyContains ?? (path === DEFAULT_HEALTH_PATH ? 'ONLINE' : undefined);
      const byName = (group.fqdns ?? []).length > 0;
      return {
        name: `probe-${group.name}`,
        properties: {
          protocol: 'Http',
          path,
          host: byName ? undefined : health.host ?? 'localhost',
          pickHostNameFromBackendHttpSettings: byName,
          interval: health.intervalSeconds ?? 15,
          timeout: health.timeoutSeconds ?? 10,
          unhealthyThreshold: health.unhealthyThreshold ?? 3,
          match: { statusCodes: health.statusCodes ?? ['200'], body },
        },
      };
    });

    this.body = {
      zones: zones.length > 0 ? zones : undefined,
      properties: {
        sku: props.firewallPolicyId !== undefined ? { name: 'WAF_v2', tier: 'WAF_v2' } : { name: 'Standard_v2', tier: 'Standard_v2' },
        autoscaleConfiguration: autoscale,
        enableHttp2: props.enableHttp2 ?? true,
        sslPolicy: { policyType: 'Predefined', policyName: sslPolicyName },
        gatewayIPConfigurations: [{ name: 'gateway-ip', properties: { subnet: { id: props.gatewaySubnetId } } }],
        sslCertificates: [{ name: 'tls-certificate', properties: certificate }],
        frontendIPConfigurations: [{ name: 'frontend-public', properties: { publicIPAddress: { id: props.publicIpAddressId } } }],
        frontendPorts: [
          { name: 'port-443', properties: { port: 443 } },
          ...(redirect ? [{ name: 'port-80', properties: { port: 80 } }] : []),
        ],
        backendAddressPools: groups.map((group) => ({
          name: `pool-${group.name}`,
          properties: {
            backendAddresses: [
              ...(group.ipAddresses ?? []).map((ipAddress) => ({ ipAddress })),
              ...(group.fqdns ?? []).map((fqdn) => ({ fqdn })),
            ],
          },
        })),
        backendHttpSettingsCollection: backendSettings,
        probes,
        httpListeners: [
          {
            name: 'listener-https',
            properties: {
              frontendIPConfiguration: ref('frontendIPConfigurations', 'frontend-public'),
              frontendPort: ref('frontendPorts', 'port-443'),
              protocol: 'Https',
              sslCertificate: ref('sslCertificates', 'tls-certificate'),
              hostNames: props.hostNames !== undefined && props.hostNames.length > 0 ? props.hostNames : undefined,
              requireServerNameIndication: props.hostNames !== undefined && props.hostNames.length > 0 ? true : undefined,
            },
          },
          ...(redirect ? [{
            name: 'listener-http',
            properties: {
              frontendIPConfiguration: ref('frontendIPConfigurations', 'frontend-public'),
              frontendPort: ref('frontendPorts', 'port-80'),
              protocol: 'Http' as const,
              hostNames: props.hostNames !== undefined && props.hostNames.length > 0 ? props.hostNames : undefined,
            },
          }] : []),
        ],
        redirectConfigurations: redirect ? [{
          name: 'redirect-http-to-https',
          properties: {
            redirectType: 'Permanent',
            targetListener: ref('httpListeners', 'listener-https'),
            includePath: true,
            includeQueryString: true,
          },
        }] : [],
        urlPathMaps: several ? [{
          name: 'paths-gms',
          properties: {
            defaultBackendAddressPool: pool(defaultGroup),
            defaultBackendHttpSettings: settings(defaultGroup),
            defaultRewriteRuleSet: ruleSetRef,
            pathRules: groups
              .filter((group) => (group.pathPatterns ?? []).length > 0)
              .map((group): ArmNamed<ArmPathRule> => ({
                name: `path-${group.name}`,
                properties: {
                  paths: group.pathPatterns ?? [],
                  backendAddressPool: pool(group),
                  backendHttpSettings: settings(group),
                  rewriteRuleSet: ruleSetRef,
                },
              })),
          },
        }] : [],
        requestRoutingRules: [
          several ? {
            name: 'rule-https',
            properties: {
              ruleType: 'PathBasedRouting',
              priority,
              httpListener: ref('httpListeners', 'listener-https'),
              urlPathMap: ref('urlPathMaps', 'paths-gms'),
            },
          } : {
            name: 'rule-https',
            properties: {
              ruleType: 'Basic',
              priority,
              httpListener: ref('httpListeners', 'listener-https'),
              backendAddressPool: pool(defaultGroup),
              backendHttpSettings: settings(defaultGroup),
              rewriteRuleSet: ruleSetRef,
            },
          },
          ...(redirect ? [{
            name: 'rule-http-redirect',
            properties: {
              ruleType: 'Basic' as const,
              priority: priority + 1,
              httpListener: ref('httpListeners', 'listener-http'),
              redirectConfiguration: ref('redirectConfigurations', 'redirect-http-to-https'),
            },
          }] : []),
        ],
        rewriteRuleSets: [this.rewriteRuleSet],
        firewallPolicy: props.firewallPolicyId !== undefined ? { id: props.firewallPolicyId } : undefined,
      },
    };

    this.resource = new AzapiResource<ArmApplicationGatewayBody>(this, 'Resource', {
      type: APPLICATION_GATEWAY_RESOURCE_TYPE,
      name: gatewayName,
      parentId: props.resourceGroup.id,
      location: props.resourceGroup.location,
      body: this.body,
      sensitiveBody,
      // The identity's Key Vault grant may be minutes old: retry until it reaches Key Vault.
      retry: fromKeyVault ? KEY_VAULT_ACCESS_RETRY : undefined,
      identity: props.identityId !== undefined ? { type: 'UserAssigned', identityIds: [props.identityId] } : undefined,
      tags: props.tags,
      responseExportValues: [],
    });

    // Legal but risky: say so at synthesis.
    groups.forEach((group, index) => {
      const timeout = group.requestTimeoutSeconds ?? 60;
      if (timeout <= COMETD_LONG_POLL_SECONDS) {
        Annotations.of(this).addWarning(`nodeGroups[${index}] (${group.name}).requestTimeoutSeconds is ${timeout}: CometD holds a long poll for ${COMETD_LONG_POLL_SECONDS} s, so the gateway would answer 504 to held polls; use more than ${COMETD_LONG_POLL_SECONDS}`);
      }
    });
    if (!fromKeyVault) {
      Annotations.of(this).addWarning('certificate.pfxBase64: the PFX and its password go into azapi\'s write-only sensitive_body (needs Terraform 1.11 or later), so they stay out of the plan and the state; '
        + 'given as literals they are still written into cdk.tf.json (pass them as tokens of sensitive Terraform variables to avoid that). Prefer a Key Vault certificate (keyVaultSecretId)');
    }
    if (excludedAffinityCookies.length > 0) {
      Annotations.of(this).addWarning(`cookiePolicy.excludeCookieNames excludes the affinity cookie(s) ${excludedAffinityCookies.join(', ')} while cookieBasedAffinity is on: they stay third-party cookies without Partitioned, so browsers that block third-party cookies drop them and every request may land on another node (CometD loses its session). Remove them from excludeCookieNames, or turn cookieBasedAffinity off`);
    }

    this.node.addValidation({
      validate: () => validateApplicationGatewayBody(this.body, gatewayName).map((message) => `GmsApplicationGateway: ${message}`),
    });
  }
}
