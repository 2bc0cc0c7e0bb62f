/**
 * The node groups of a gateway, validated and with every default filled in: what
 * {@link applicationGatewayBody} turns into pools, settings, probes and path rules.
 */
import { IConstruct } from 'constructs';
import { APP_GATEWAY_AFFINITY_CORS_SUFFIX, APP_GATEWAY_AFFINITY_COOKIE, BAYEUX_BROWSER_COOKIE, JSESSIONID_COOKIE } from '../../cookie/app-gateway-rewrite';
import { isHttpToken } from '../../cookie';
import { checkHealthCheck, GMS_NODE_PORT, GmsHealthCheck, healthCheckFields, HealthCheckPlatform, HealthCheckWarning, isHostName, isIpv4Address } from '../../gms';
import { Token } from '../internal/cdktf';
import { APPLICATION_GATEWAY_LIMITS } from '../application-gateway-validation';
import { GmsNodeGroupOptions } from '../gms-node-group';
import { checkNodeGroupRoutes } from './route-validation';
import { checkInteger, checkPathPattern, fail, literal } from './validation';

/**
 * Application Gateway probes match status codes (ranges allowed) and a body substring
 * (learn.microsoft.com/azure/application-gateway/application-gateway-probe-overview, "Probe
 * matching"; ARM ApplicationGatewayProbeHealthResponseMatch: statusCodes, body).
 */
export const APP_GATEWAY_HEALTH_CHECK_PLATFORM: HealthCheckPlatform = { name: 'Application Gateway', matchesBody: true, statusCodeRange: [100, 599] };

/** The probe of a node group with its defaults. */
export interface ResolvedHealthCheck {
  readonly check: GmsHealthCheck;
  /** Legal but risky choices, warned about by the gateway. */
  readonly warnings: HealthCheckWarning[];
  readonly path: string;
  readonly port?: number;
  readonly statusCodes: string[];
  readonly bodyContains?: string;
  /** The Host header, for IP-address backends; FQDN backends use their own name. */
  readonly host?: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly unhealthyThreshold: number;
}

/** A node group with its defaults. */
export interface ResolvedNodeGroup {
  readonly name: string;
  readonly ipAddresses: string[];
  readonly fqdns: string[];
  readonly pathPatterns: string[];
  readonly port: number;
  readonly requestTimeoutSeconds: number;
  readonly deregistrationDelaySeconds: number;
  readonly healthCheck: ResolvedHealthCheck;
  /** The group's affinity cookie; `undefined` when affinity is off. */
  readonly affinityCookieName?: string;
  /** Whether the affinity cookie name is set in ARM (a single group without a custom name keeps the gateway's own default). */
  readonly customAffinityCookieName: boolean;
}

/** The node groups of a gateway. */
export interface ResolvedNodeGroups {
  readonly groups: ResolvedNodeGroup[];
  /** The group that serves every path no other group claims. */
  readonly defaultGroup: ResolvedNodeGroup;
  /** Whether there are several groups (path-based routing). */
  readonly pathBased: boolean;
  readonly cookieBasedAffinity: boolean;
}

/** The gateway props node groups depend on. */
export interface NodeGroupsInput {
  readonly nodeGroups: GmsNodeGroupOptions[];
  readonly cookieBasedAffinity?: boolean;
  readonly affinityCookieName?: string;
}

const NODE_GROUP_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?$/;

/** Validates the node groups (names, nodes, paths, timeouts, probes, affinity cookies) and fills in the defaults. */
export function resolveNodeGroups(scope: IConstruct, props: NodeGroupsInput): ResolvedNodeGroups {
  const groups = props.nodeGroups ?? [];
  if (groups.length === 0) {
    fail(scope, 'nodeGroups', 'must list at least one group of GMS nodes');
  }
  const defaults = groups.filter((group) => group.isDefault === true || (groups.length === 1 && group.isDefault !== false));
  if (defaults.length !== 1) {
    fail(scope, 'nodeGroups', `must have exactly one default group (isDefault: true), found ${defaults.length}${defaults.length > 1 ? ` (${defaults.map((group) => group.name).join(', ')})` : ''}`);
  }
  const seenNames = new Set<string>();
  const seenPaths = new Map<string, string>();
  groups.forEach((group, index) => {
    checkNodeGroup(scope, `nodeGroups[${index}]`, group, groups.length > 1 && group !== defaults[0]);
    if (seenNames.has(group.name)) {
      fail(scope, `nodeGroups[${index}].name`, `${JSON.stringify(group.name)} is used by two groups`);
    }
    seenNames.add(group.name);
    (group.pathPatterns ?? []).forEach((pattern, pathIndex) => {
      const owner = seenPaths.get(pattern.toLowerCase());
      if (owner !== undefined) {
        fail(scope, `nodeGroups[${index}].pathPatterns[${pathIndex}]`, owner === group.name
          ? `${JSON.stringify(pattern)} is listed twice in group ${owner} (path rules are case-insensitive)`
          : `${JSON.stringify(pattern)} is also a path of group ${owner}`);
      }
      seenPaths.set(pattern.toLowerCase(), group.name);
    });
  });

  const affinity = props.cookieBasedAffinity ?? true;
  checkNodeGroupRoutes(scope, groups, affinity);
  const affinityCookies = affinityCookieNamesOf(scope, groups, affinity, props.affinityCookieName);
  const resolved = groups.map((group, index): ResolvedNodeGroup => resolveNodeGroup(group, affinityCookies[index],
    affinity && (groups.length > 1 || group.affinityCookieName !== undefined || props.affinityCookieName !== undefined)));
  return {
    groups: resolved,
    defaultGroup: resolved[groups.indexOf(defaults[0])],
    pathBased: groups.length > 1,
    cookieBasedAffinity: affinity,
  };
}

function checkNodeGroup(scope: IConstruct, field: string, group: GmsNodeGroupOptions, needsPaths: boolean): void {
  if (typeof group.name !== 'string' || !NODE_GROUP_NAME.test(group.name)) {
    fail(scope, `${field}.name`, `must be 1-40 letters, digits or '-', got ${JSON.stringify(group.name)}`);
  }
  const ips = group.ipAddresses ?? [];
  const fqdns = group.fqdns ?? [];
  if ((ips.length === 0) === (fqdns.length === 0)) {
    fail(scope, field, `(${group.name}) needs either ipAddresses or fqdns (one kind per group), with at least one node`);
  }
  ips.forEach((ip, ipIndex) => {
    if (literal(ip) && !isIpv4Address(ip)) {
      fail(scope, `${field}.ipAddresses[${ipIndex}]`, `${JSON.stringify(ip)} is not an IPv4 address`);
    }
  });
  fqdns.forEach((fqdn, fqdnIndex) => {
    if (literal(fqdn) && !isHostName(fqdn)) {
      fail(scope, `${field}.fqdns[${fqdnIndex}]`, `${JSON.stringify(fqdn)} is not a host name`);
    }
  });
  checkInteger(scope, `${field}.port`, group.port ?? GMS_NODE_PORT, APPLICATION_GATEWAY_LIMITS.port);
  checkInteger(scope, `${field}.requestTimeoutSeconds`, group.requestTimeoutSeconds ?? 60, APPLICATION_GATEWAY_LIMITS.requestTimeoutSeconds, ' seconds');
  checkInteger(scope, `${field}.deregistrationDelaySeconds`, group.deregistrationDelaySeconds ?? 60, APPLICATION_GATEWAY_LIMITS.drainTimeoutSeconds, ' seconds');
  if (group.healthCheck !== undefined) {
    const token = healthCheckFields(group.healthCheck).find(([, value]) => value !== undefined && Token.isUnresolved(value));
    if (token !== undefined) {
      fail(scope, `${field}.healthCheck ${token[0]}`, 'must be a literal value (GmsHealthCheck is checked at synth and written into the probe as text); got an unresolved Terraform token');
    }
    const { error } = checkHealthCheck(group.healthCheck, APP_GATEWAY_HEALTH_CHECK_PLATFORM);
    if (error !== undefined) {
      fail(scope, `${field}.healthCheck`, error);
    }
  }
  const timing = group.healthCheckTiming ?? {};
  checkInteger(scope, `${field}.healthCheckTiming.intervalSeconds`, timing.intervalSeconds ?? 15, APPLICATION_GATEWAY_LIMITS.probeIntervalSeconds, ' seconds');
  checkInteger(scope, `${field}.healthCheckTiming.timeoutSeconds`, timing.timeoutSeconds ?? 10, APPLICATION_GATEWAY_LIMITS.probeIntervalSeconds, ' seconds');
  checkInteger(scope, `${field}.healthCheckTiming.unhealthyThreshold`, timing.unhealthyThreshold ?? 3, APPLICATION_GATEWAY_LIMITS.probeUnhealthyThreshold);
  if (group.healthCheckHost !== undefined && literal(group.healthCheckHost) && !isHostName(group.healthCheckHost)) {
    fail(scope, `${field}.healthCheckHost`, `${JSON.stringify(group.healthCheckHost)} is not a host name`);
  }
  const paths = group.pathPatterns ?? [];
  if (needsPaths && paths.length === 0) {
    fail(scope, field, `(${group.name}) needs pathPatterns: with several groups, every group but the default one is reached by its paths`);
  }
  paths.forEach((pattern, pathIndex) => checkPathPattern(scope, `${field}.pathPatterns[${pathIndex}]`, pattern));
}

/**
 * One affinity cookie per group (by index; `undefined` when affinity is off): they all have
 * Path=/, so a shared name would be overwritten whenever a request is routed to another group's pool.
 */
function affinityCookieNamesOf(scope: IConstruct, groups: GmsNodeGroupOptions[], affinity: boolean, stem: string | undefined): Array<string | undefined> {
  if (stem !== undefined && (!affinity || !isHttpToken(stem))) {
    fail(scope, 'affinityCookieName', `${JSON.stringify(stem)} must be a cookie name (RFC 6265 token characters), and needs cookieBasedAffinity`);
  }
  const several = groups.length > 1;
  const cookieOwners = new Map<string, string>([
    [BAYEUX_BROWSER_COOKIE, 'GMS'],
    [JSESSIONID_COOKIE, 'GMS'],
  ]);
  return groups.map((group, index) => {
    const field = `nodeGroups[${index}].affinityCookieName`;
    if (!affinity) {
      if (group.affinityCookieName !== undefined) {
        fail(scope, field, `${JSON.stringify(group.affinityCookieName)} needs cookieBasedAffinity`);
      }
      return undefined;
    }
    const name = group.affinityCookieName ?? (several ? `${stem ?? APP_GATEWAY_AFFINITY_COOKIE}-${group.name}` : stem ?? APP_GATEWAY_AFFINITY_COOKIE);
    if (typeof name !== 'string' || !isHttpToken(name)) {
      fail(scope, field, `${JSON.stringify(name)} must be a cookie name (RFC 6265 token characters)`);
    }
    for (const cookie of [name, name + APP_GATEWAY_AFFINITY_CORS_SUFFIX]) {
      const owner = cookieOwners.get(cookie);
      if (owner !== undefined) {
        fail(scope, field, `${JSON.stringify(name)} makes the gateway set cookie ${cookie}, which ${owner === 'GMS' ? 'GMS sets itself' : `is also the affinity cookie (or its CORS companion) of group ${owner}`}; every node group needs an affinity cookie of its own`);
      }
      cookieOwners.set(cookie, group.name);
    }
    return name;
  });
}

function resolveNodeGroup(group: GmsNodeGroupOptions, affinityCookieName: string | undefined, customAffinityCookieName: boolean): ResolvedNodeGroup {
  const check = group.healthCheck ?? GmsHealthCheck.getService();
  const timing = group.healthCheckTiming ?? {};
  const byName = (group.fqdns ?? []).length > 0;
  return {
    name: group.name,
    ipAddresses: group.ipAddresses ?? [],
    fqdns: group.fqdns ?? [],
    pathPatterns: group.pathPatterns ?? [],
    port: group.port ?? GMS_NODE_PORT,
    requestTimeoutSeconds: group.requestTimeoutSeconds ?? 60,
    deregistrationDelaySeconds: group.deregistrationDelaySeconds ?? 60,
    healthCheck: {
      check,
      warnings: checkHealthCheck(check, APP_GATEWAY_HEALTH_CHECK_PLATFORM).warnings,
      path: check.path,
      port: check.port,
      statusCodes: [...check.statusCodes],
      bodyContains: check.bodyContains,
      host: byName ? undefined : group.healthCheckHost ?? 'localhost',
      intervalSeconds: timing.intervalSeconds ?? 15,
      timeoutSeconds: timing.timeoutSeconds ?? 10,
      unhealthyThreshold: timing.unhealthyThreshold ?? 3,
    },
    affinityCookieName,
    customAffinityCookieName,
  };
}
