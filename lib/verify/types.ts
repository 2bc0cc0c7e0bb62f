/**
 * The typed report of `gms-edge verify`: one result per check, in a fixed order.
 */

/** The checks, in the order they are reported. */
export const CHECK_IDS = ['tls', 'cors', 'stickiness', 'cometd', 'long-poll', 'cookies', 'exposure', 'origin', 'browser', 'chat-api'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/**
 * `skipped`: the check could not be measured because another check, named in `detail`, failed
 * first (for example a long poll cannot be held when every request lands on a node that does not
 * know the session). The report then fails through that other check.
 */
export type CheckStatus = 'passed' | 'failed' | 'skipped';

/** One check's outcome. */
export interface CheckResult {
  readonly id: CheckId;
  /** False only when this check itself failed. */
  readonly ok: boolean;
  readonly status: CheckStatus;
  /** One line: what was seen. */
  readonly detail: string;
  /** How to fix it, when it failed (or a note, when it passed with a caveat). */
  readonly hint?: string;
  /** Every cookie seen, for the `cookies` check. */
  readonly cookies?: readonly ObservedCookie[];
}

/** A Set-Cookie the edge sent, as received, and how a browser blocking third-party cookies treats it. */
export interface ObservedCookie {
  readonly name: string;
  /** The header as received, its value replaced by `<N characters>` (reports end up in logs). */
  readonly header: string;
  /** The request path that received it. */
  readonly path: string;
  /** The attributes as received, in order (`Name` or `Name=value`). */
  readonly attributes: readonly string[];
  /** Effective values after RFC 6265bis' last-wins rules. */
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly partitioned: boolean;
  readonly sameSite: 'None' | 'Lax' | 'Strict' | 'Default';
  /** Why a browser that blocks third-party cookies would not keep it for cross-site use; empty when it would. */
  readonly problems: readonly string[];
}

/** The whole run. */
export interface VerifyReport {
  /** True when no check failed. */
  readonly ok: boolean;
  readonly edgeUrl: string;
  readonly embeddingOrigin: string;
  readonly checks: readonly CheckResult[];
}

/** A `--resolve host:port:address` entry, as curl's. */
export interface ResolveEntry {
  readonly host: string;
  readonly port: number;
  readonly address: string;
}

/** Progress while a check waits (the long-poll hold). */
export interface VerifyProgress {
  readonly check: CheckId;
  readonly message: string;
  readonly elapsedSeconds: number;
  readonly totalSeconds: number;
}

/** What to verify and how. */
export interface VerifyOptions {
  /** The edge's public URL, e.g. `https://chat.example.com` (GMS paths are appended). */
  readonly edgeUrl: string;
  /** The site that embeds the chat widget, e.g. `https://www.example.com`. */
  readonly embeddingOrigin: string;
  /**
   * The load balancer's own URL (AWS: the ALB DNS name), to prove it refuses requests that did
   * not come through CloudFront.
   * @default - the `origin` check is skipped (not run)
   */
  readonly originUrl?: string;
  /**
   * How long GMS holds a `/meta/connect` (its CometD `timeout`), in seconds.
   * @default 30
   */
  readonly longPollSeconds?: number;
  /** Also run the chat in headless Chromium with third-party cookies blocked. @default false */
  readonly browser?: boolean;
  /** Connect to these addresses instead of resolving the host names. @default - DNS */
  readonly resolve?: readonly ResolveEntry[];
  /** PEM text of extra CA certificates to trust, besides Node's bundled roots. @default - none */
  readonly extraCaCertificates?: string;
  /**
   * Run the Chat API v2 REST flow against this chat service (it starts a real chat).
   * @default - not run
   */
  readonly chatService?: string;
  /** The Chromium binary for `browser`. @default '/usr/bin/chromium', or $CHROMIUM_PATH */
  readonly chromiumPath?: string;
  /** Called while a check waits. */
  readonly onProgress?: (progress: VerifyProgress) => void;
}
