/**
 * What both clouds watch on a GMS chat edge: the alarm catalogue (one id per signal, what it
 * means, what to do when it fires), the default thresholds, and which node groups a latency alarm
 * can judge. Plain data and pure functions; the AWS alarms (lib/aws/gms-edge-monitoring.ts) and the
 * Azure metric alerts read them from here, so the same signal has the same id, default and advice.
 */
import { GMS_CHAT_NOTIFICATIONS_PATH, GMS_COMETD_PATH } from './facts';

/** The signals of the catalogue that both clouds alarm on. */
export type GmsAlarmId =
  | 'unhealthyHosts'
  | 'noHealthyHost'
  | 'balancer5xx'
  | 'backend5xxRate'
  | 'rejectedConnections'
  | 'restLatency';

/** One entry of the alarm catalogue. */
export interface GmsAlarmDescription {
  /** What the alarm watches, in one line. */
  readonly signal: string;
  /** What to do when it fires (the operator's first steps). */
  readonly whenItFires: string;
}

/**
 * The cloud-neutral alarm catalogue. Each cloud maps an entry to its own metric (for example
 * `balancer5xx`: ALB `HTTPCode_ELB_5XX_Count`, Application Gateway failed requests) and keeps its own
 * extra signals (CloudFront, the cookie function) beside it.
 */
export const GMS_ALARMS: Readonly<Record<GmsAlarmId, GmsAlarmDescription>> = {
  unhealthyHosts: {
    signal: 'a node of a group has failed its health check for several minutes',
    whenItFires: 'Find the node (target health / backend health), check GMS is up and its get service answers 200; a node set OFFLINE on purpose is expected here until it is removed.',
  },
  noHealthyHost: {
    signal: 'a node group has no healthy node at all: its chats fail',
    whenItFires: 'Every request of the group is answered 5xx by the balancer. Check the nodes, the node port from the balancer, and the health-check service (missing get service, Basic auth on it).',
  },
  balancer5xx: {
    signal: 'the load balancer itself answers 5xx (no healthy node, node unreachable, timeout)',
    whenItFires: 'Look at the access logs for the status (502/503/504): 503 no healthy node, 502 node closed the connection, 504 a timeout below the long-poll hold.',
  },
  backend5xxRate: {
    signal: 'GMS nodes answer a share of requests with 5xx',
    whenItFires: 'Read the GMS logs of the group’s nodes (Jetty, Chat Server connection, Cassandra); a rising share after a deployment points at the deployment.',
  },
  rejectedConnections: {
    signal: 'the load balancer refused connections (connection limit reached)',
    whenItFires: 'The balancer is at capacity: check traffic for a flood (WAF), and the balancer\'s scaling or capacity settings.',
  },
  restLatency: {
    signal: 'Chat API REST requests of a group that serves no CometD are slow (held long polls excluded)',
    whenItFires: 'Nodes or their back ends are slow: check node CPU and memory, Chat Server and Cassandra latency; add nodes if the load grew.',
  },
};

/** Thresholds of the cloud-neutral alarms; every one has a default in {@link GMS_ALARM_DEFAULTS}. */
export interface GmsAlarmThresholds {
  /**
   * Minutes a node may stay unhealthy before `unhealthyHosts` fires (1–60). Longer than a
   * drain (`changestatus/OFFLINE` until removal) takes, or every planned drain alarms.
   *
   * @default 5
   */
  readonly unhealthyHostMinutes?: number;

  /**
   * Balancer-generated 5xx responses in five minutes above which `balancer5xx` fires (0 or more).
   *
   * @default 10
   */
  readonly balancer5xxPerFiveMinutes?: number;

  /**
   * Share of node responses with status 5xx, in percent (0–100), above which `backend5xxRate` fires.
   *
   * @default 5
   */
  readonly backend5xxRatePercent?: number;

  /**
   * Fewer requests than this in a five-minute window never raise `backend5xxRate` (one error in
   * three requests is not an outage).
   *
   * @default 20
   */
  readonly backend5xxMinimumRequests?: number;

  /**
   * The 90th-percentile response time of REST-only node groups, in seconds (0.1–60), above which
   * `restLatency` fires.
   *
   * @default 2
   */
  readonly restLatencySeconds?: number;
}

/** The defaults of {@link GmsAlarmThresholds}. */
export const GMS_ALARM_DEFAULTS: Readonly<Required<GmsAlarmThresholds>> = {
  unhealthyHostMinutes: 5,
  balancer5xxPerFiveMinutes: 10,
  backend5xxRatePercent: 5,
  backend5xxMinimumRequests: 20,
  restLatencySeconds: 2,
};

/** The percentile of the REST latency alarm (a tail, not the median, and not p99's single stragglers). */
export const GMS_REST_LATENCY_PERCENTILE = 90;

/**
 * Why latency alarms watch REST-only node groups: CometD's `/meta/connect` is held by the node
 * until there is something to send or the long-poll hold (30 s by default) has passed, so an
 * idle chat's requests take the hold by design, and one that gets a message returns at any time
 * below it. In a group that serves CometD those requests are a large share of all requests (one
 * per chat every hold), so every percentile of its response time measures chat activity, not the
 * node's speed. A group whose paths reach no CometD endpoint answers only REST calls, which have
 * no reason to wait.
 */
export const GMS_LATENCY_EXCLUDES_LONG_POLLS = 'Latency is watched on node groups that serve no CometD path: a held /meta/connect lasts up to the long-poll hold by design, so it would dominate every percentile of a group that serves CometD.';

/** Paths on which GMS holds long polls (CometD, and chat notifications over CometD). */
export const GMS_LONG_POLL_PATHS: readonly string[] = [
  GMS_COMETD_PATH, `${GMS_COMETD_PATH}/connect`, GMS_CHAT_NOTIFICATIONS_PATH, `${GMS_CHAT_NOTIFICATIONS_PATH}/connect`,
];

/**
 * Whether a node group can receive held long polls: the default group (it gets every exposed
 * path, CometD included) or a group with a path pattern that matches a CometD path. Patterns use
 * the `*` (any characters) and `?` (one character) wildcards of both balancers' path rules.
 */
export function servesLongPolls(group: { readonly isDefault: boolean; readonly pathPatterns: readonly string[] }): boolean {
  if (group.isDefault) {
    return true;
  }
  return group.pathPatterns.some((pattern) => {
    const regex = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
    return GMS_LONG_POLL_PATHS.some((path) => regex.test(path));
  });
}

/** The allowed range of each threshold, for the synth-time check. */
const THRESHOLD_RANGES: Readonly<Record<keyof GmsAlarmThresholds, { min: number; max: number; integer: boolean }>> = {
  unhealthyHostMinutes: { min: 1, max: 60, integer: true },
  balancer5xxPerFiveMinutes: { min: 0, max: 1_000_000, integer: true },
  backend5xxRatePercent: { min: 0, max: 100, integer: false },
  backend5xxMinimumRequests: { min: 0, max: 1_000_000, integer: true },
  restLatencySeconds: { min: 0.1, max: 60, integer: false },
};

/** A threshold that is out of its range: the property (`thresholds.<name>`) and the message. */
export interface ThresholdError {
  readonly property: string;
  readonly error: string;
}

/**
 * The thresholds with defaults filled in, or the first one out of range. Only the cloud-neutral
 * keys are checked here; a cloud checks its own keys beside them.
 */
export function resolveAlarmThresholds(thresholds: GmsAlarmThresholds | undefined): { thresholds: Required<GmsAlarmThresholds> } | ThresholdError {
  const given = thresholds ?? {};
  for (const key of Object.keys(THRESHOLD_RANGES) as Array<keyof GmsAlarmThresholds>) {
    const value = given[key];
    if (value === undefined) {
      continue;
    }
    const { min, max, integer } = THRESHOLD_RANGES[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      return { property: `thresholds.${key}`, error: `must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}; got ${JSON.stringify(value)}` };
    }
  }
  return { thresholds: { ...GMS_ALARM_DEFAULTS, ...stripUndefined(given) } };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
