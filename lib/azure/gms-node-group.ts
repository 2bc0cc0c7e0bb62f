/**
 * A group of GMS nodes behind the Application Gateway: the input of {@link GmsApplicationGateway}
 * and {@link GmsAppGatewayEdge}, named like its AWS counterpart (`GmsNodeGroupOptions`). Durations
 * are whole seconds in `...Seconds` properties: CDK for Terraform has no `Duration`, and ARM takes seconds.
 */
import type { GmsHealthCheck } from '../gms';

/** The timing of a node group's probe (an Application Gateway custom probe). */
export interface GmsHealthCheckTiming {
  /**
   * Seconds between probes of one node. A Terraform token is accepted and left to Terraform: it is not checked at synthesis.
   *
   * @default 15
   */
  readonly intervalSeconds?: number;

  /**
   * Seconds to wait for an answer; longer than `intervalSeconds` warns
   * (`gms-edge-constructs:probeTimeoutAboveInterval`). A Terraform token is accepted and left to Terraform: it is not checked at synthesis.
   *
   * @default 10
   */
  readonly timeoutSeconds?: number;

  /**
   * Consecutive failures before a node is unhealthy. With the interval this is how long an
   * OFFLINE node still receives new chats. A Terraform token is accepted and left to Terraform: it is not checked at synthesis.
   *
   * @default 3
   */
  readonly unhealthyThreshold?: number;
}

/** A group of GMS nodes: one backend pool with its settings and probe. */
export interface GmsNodeGroupOptions {
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
  readonly isDefault?: boolean;

  /**
   * The nodes' plain HTTP port (TLS ends at the gateway); 443 or 8443 warns
   * (`gms-edge-constructs:plainHttpToTlsPort`). A Terraform token is accepted and left to Terraform: it is not checked at synthesis.
   *
   * @default 8080
   */
  readonly port?: number;

  /**
   * Seconds the gateway waits for a node's answer. Must exceed the CometD long-poll hold (30 s):
   * at most that, held long polls end in 504 (a warning says so). At most 240 for a node with a
   * public address (Application Gateway's limit for external backends). A Terraform token is accepted and left to Terraform: it is not checked at synthesis.
   *
   * @default 60
   */
  readonly requestTimeoutSeconds?: number;

  /**
   * Seconds a node being removed keeps serving its open requests (connection draining): at
   * least the CometD long-poll hold (30 s), so held polls finish. A Terraform token is accepted and left to Terraform: it is not checked at synthesis.
   *
   * @default 60
   */
  readonly deregistrationDelaySeconds?: number;

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
   * How the gateway probes a node. The default needs a get service named `health` in GMS
   * (README, "Operating GMS behind the edge"): 200 while the node is ONLINE, 503 once it is set
   * OFFLINE, so an OFFLINE node gets no new chats. `GmsHealthCheck.nodeStatus()` matches the
   * body `ONLINE` instead, but GMS 8.5.1 and later want an Authorization header there.
   *
   * @default GmsHealthCheck.getService('health')
   */
  readonly healthCheck?: GmsHealthCheck;

  /**
   * How often and how strictly the probe runs.
   *
   * @default - every 15 s, 10 s timeout, unhealthy after 3 failures
   */
  readonly healthCheckTiming?: GmsHealthCheckTiming;

  /**
   * Host header of the probe for IP-address backends.
   *
   * @default 'localhost' (FQDN backends use their own name)
   */
  readonly healthCheckHost?: string;
}

