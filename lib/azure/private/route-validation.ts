/**
 * Checks of node groups that the per-property ranges cannot see: routes that can never be
 * reached, names ARM treats as one, backends listed twice, probes that cannot tell a healthy
 * node from a broken one. Errors name the property; legal-but-likely-wrong input warns with an id.
 */
import { IConstruct } from 'constructs';
import { COMETD_LONG_POLL_HOLD_SECONDS, isIpv4Address, isPrivateIpv4Address } from '../../gms';
import { GmsNodeGroupOptions } from '../gms-node-group';
import { Token } from '../internal/cdktf';
import { warn } from '../warnings';
import { fail, literal } from './validation';

/**
 * Longest request timeout to a backend outside the virtual network (Application Gateway limits:
 * "Request timeout maximum to external backend 4 minutes"; 24 hours to a private one).
 * @internal
 */
export const EXTERNAL_BACKEND_REQUEST_TIMEOUT_MAX_SECONDS = 240;

/**
 * The longest body a probe can match (learn.microsoft.com/azure/application-gateway/application-gateway-probe-overview,
 * "Probe matching": 4090 characters or less).
 * @internal
 */
export const PROBE_BODY_MATCH_MAX_LENGTH = 4090;

/** The lowest status code of a server error: a node answering one is broken, or set OFFLINE (503). */
const SERVER_ERROR = 500;

/** Addresses no gateway can reach a node at: this network, loopback, link-local, multicast and above. */
function unreachableAddress(address: string): boolean {
  const [a, b] = address.split('.').map(Number);
  return a === 0 || a === 127 || (a === 169 && b === 254) || a >= 224;
}

/** Whether a literal pattern or a prefix `/x/*` matches every path the other one matches (case-insensitive). */
function covers(broad: string, narrow: string): boolean {
  const wide = broad.toLowerCase();
  return wide.endsWith('*') && narrow.toLowerCase().startsWith(wide.slice(0, -1)) && wide !== narrow.toLowerCase();
}

/**
 * Checks every node group against the others and the gateway's affinity; call after each group's
 * own ranges are checked.
 * @internal
 */
export function checkNodeGroupRoutes(scope: IConstruct, groups: GmsNodeGroupOptions[], cookieBasedAffinity: boolean): void {
  checkNamesDifferBeyondCase(scope, groups);
  checkPathsReachable(scope, groups);
  groups.forEach((group, index) => {
    const field = `nodeGroups[${index}]`;
    checkBackends(scope, field, group);
    checkTimeouts(scope, field, group);
    checkProbe(scope, field, group);
    const nodes = (group.ipAddresses ?? []).length + (group.fqdns ?? []).length;
    if (!cookieBasedAffinity && nodes > 1) {
      warn(scope, 'affinityOffWithSeveralNodes', `${field} (${group.name})`, `has ${nodes} nodes while cookieBasedAffinity is false: a CometD session lives on one GMS node, so without affinity the gateway spreads its requests over the nodes and the chat loses its session. Keep cookieBasedAffinity on, or one node per group`);
    }
  });
}

/** Pool, settings and probe names contain the group name, and ARM compares names case-insensitively. */
function checkNamesDifferBeyondCase(scope: IConstruct, groups: GmsNodeGroupOptions[]): void {
  const seen = new Map<string, string>();
  groups.forEach((group, index) => {
    const key = group.name.toLowerCase();
    const other = seen.get(key);
    if (other !== undefined && other !== group.name) {
      // learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules: names are case-insensitive.
      fail(scope, `nodeGroups[${index}].name`, `${JSON.stringify(group.name)} differs from group ${JSON.stringify(other)} only in case; Azure resource names are case-insensitive, so pool-${group.name} and pool-${other} would be one pool. Give the groups names that differ in letters`);
    }
    seen.set(key, group.name);
  });
}

/**
 * Path rules are tried in the order listed and the first match wins, whatever is more specific
 * (learn.microsoft.com/azure/application-gateway/url-route-overview; "Path rules are case
 * insensitive"). The rules follow the groups' order, so a prefix of an earlier group hides every
 * narrower path of a later group.
 */
function checkPathsReachable(scope: IConstruct, groups: GmsNodeGroupOptions[]): void {
  const earlier: Array<{ pattern: string; at: string; group: string }> = [];
  groups.forEach((group, index) => {
    (group.pathPatterns ?? []).forEach((pattern, pathIndex) => {
      const at = `nodeGroups[${index}].pathPatterns[${pathIndex}]`;
      const shadow = earlier.find((candidate) => candidate.group !== group.name && covers(candidate.pattern, pattern));
      if (shadow !== undefined) {
        fail(scope, at, `${JSON.stringify(pattern)} of group ${group.name} is never reached: Application Gateway takes the first listed path that matches, and ${shadow.at} ${JSON.stringify(shadow.pattern)} of group ${shadow.group} comes first and matches every request it does. List group ${group.name} before group ${shadow.group}`);
      }
    });
    (group.pathPatterns ?? []).forEach((pattern, pathIndex) => earlier.push({ pattern, at: `nodeGroups[${index}].pathPatterns[${pathIndex}]`, group: group.name }));
  });
}

function checkBackends(scope: IConstruct, field: string, group: GmsNodeGroupOptions): void {
  const seen = new Map<string, string>();
  const list = [
    ...(group.ipAddresses ?? []).map((value, index) => ({ value, at: `${field}.ipAddresses[${index}]` })),
    ...(group.fqdns ?? []).map((value, index) => ({ value, at: `${field}.fqdns[${index}]` })),
  ];
  for (const { value, at } of list) {
    if (!literal(value)) {
      continue;
    }
    const other = seen.get(value.toLowerCase());
    if (other !== undefined) {
      fail(scope, at, `${JSON.stringify(value)} is also ${other}: a node is listed twice in group ${group.name} (it would get twice the traffic share it should)`);
    }
    seen.set(value.toLowerCase(), at);
    if (isIpv4Address(value) && unreachableAddress(value)) {
      fail(scope, at, `${value} is a loopback, link-local, multicast or unspecified address, which the gateway cannot reach a GMS node at; give the node's own private address`);
    }
  }
}

function checkTimeouts(scope: IConstruct, field: string, group: GmsNodeGroupOptions): void {
  const delay = group.deregistrationDelaySeconds;
  if (delay !== undefined && !Token.isUnresolved(delay) && delay < COMETD_LONG_POLL_HOLD_SECONDS) {
    fail(scope, `${field}.deregistrationDelaySeconds`, `must be at least the CometD long-poll hold (${COMETD_LONG_POLL_HOLD_SECONDS} s) so held /meta/connect requests finish while a node drains; got ${delay}`);
  }
  const timeout = group.requestTimeoutSeconds ?? 60;
  const external = (group.ipAddresses ?? []).filter((address) => literal(address) && isIpv4Address(address) && !isPrivateIpv4Address(address));
  if (!Token.isUnresolved(timeout) && timeout > EXTERNAL_BACKEND_REQUEST_TIMEOUT_MAX_SECONDS && external.length > 0) {
    fail(scope, `${field}.requestTimeoutSeconds`, `must be at most ${EXTERNAL_BACKEND_REQUEST_TIMEOUT_MAX_SECONDS} seconds for a backend outside the virtual network (${external.join(', ')} is public; Application Gateway's limit for external backends is 4 minutes), got ${timeout}`);
  }
}

/** Ports that conventionally speak TLS (HTTPS, and Jetty's HTTPS port that GMS examples use beside 8080). */
const TLS_PORTS: readonly number[] = [443, 8443];

function checkProbe(scope: IConstruct, field: string, group: GmsNodeGroupOptions): void {
  const check = group.healthCheck;
  for (const [property, port] of [['port', group.port], ['healthCheck.port', check?.port]] as const) {
    if (port !== undefined && !Token.isUnresolved(port) && TLS_PORTS.includes(port)) {
      warn(scope, 'plainHttpToTlsPort', `${field} (${group.name}).${property}`, `is ${port}, a port that usually speaks HTTPS, but the gateway sends plain HTTP (and plain-HTTP probes) to the nodes: a TLS port answers with a handshake error and every node is unhealthy. Use the nodes' HTTP port (GMS: 8080)`);
    }
  }
  if (check !== undefined) {
    const serverErrors = check.statusCodes.filter((code) => Number(code.split('-').pop()) >= SERVER_ERROR);
    if (serverErrors.length > 0) {
      fail(scope, `${field}.healthCheck`, `statusCodes ${JSON.stringify(serverErrors)} count server errors as healthy: a broken node, and one set OFFLINE (503), would keep receiving chats. Use codes below 500, such as ['200'] or ['200-399']`);
    }
    if (check.bodyContains !== undefined && check.bodyContains.length > PROBE_BODY_MATCH_MAX_LENGTH) {
      fail(scope, `${field}.healthCheck`, `bodyContains must be at most ${PROBE_BODY_MATCH_MAX_LENGTH} characters on Application Gateway, got ${check.bodyContains.length}`);
    }
  }
  if (group.healthCheckHost !== undefined && (group.fqdns ?? []).length > 0) {
    fail(scope, `${field}.healthCheckHost`, `applies to groups of ipAddresses; the probe of an fqdns group sends each node's own name (pickHostNameFromBackendHttpSettings), so ${JSON.stringify(group.healthCheckHost)} would be ignored`);
  }
  if (group.healthCheckHost !== undefined && literal(group.healthCheckHost) && group.healthCheckHost.trim() === '') {
    fail(scope, `${field}.healthCheckHost`, 'must be a host name such as "localhost", got an empty string');
  }
  const interval = group.healthCheckTiming?.intervalSeconds ?? 15;
  const timeout = group.healthCheckTiming?.timeoutSeconds ?? 10;
  if (!Token.isUnresolved(interval) && !Token.isUnresolved(timeout) && timeout > interval) {
    warn(scope, 'probeTimeoutAboveInterval', `${field} (${group.name}).healthCheckTiming.timeoutSeconds`, `is ${timeout}, longer than intervalSeconds ${interval}: a probe still waiting when the next is due cannot count as failed in time, so an OFFLINE or hung node keeps receiving chats longer than interval x unhealthyThreshold. Use a timeout shorter than the interval`);
  }
}
