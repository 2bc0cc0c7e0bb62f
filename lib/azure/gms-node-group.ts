/**
 * A group of GMS nodes behind the Application Gateway: the input of {@link GmsApplicationGateway}
 * and {@link GmsAppGatewayEdge}, named like its AWS counterpart (`GmsNodeGroupOptions`). Durations
 * are whole seconds in `...Seconds` properties: CDK for Terraform has no `Duration`, and ARM takes seconds.
 */
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
   * The nodes' plain HTTP port (TLS ends at the gateway).
   *
   * @default 8080
   */
  readonly port?: number;

  /**
   * Seconds the gateway waits for a node's answer. Must exceed the CometD long-poll hold (30 s):
   * at most that, held long polls end in 504 (a warning says so).
   *
   * @default 60
   */
  readonly requestTimeoutSeconds?: number;

  /**
   * Seconds a node being removed keeps serving its open requests (connection draining).
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
   * The health probe.
   *
   * @default - GET /genesys/1/admin/node/status, 200 with body ONLINE
   */
  readonly healthCheck?: GmsHealthCheck;
}

