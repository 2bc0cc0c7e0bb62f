import { COMETD_LONG_POLL_HOLD_SECONDS } from '../gms';
import { EdgeHttpClient } from './http-client';
import { SeenSetCookie, VisitorSession } from './session';
import type { CheckId, CheckResult, VerifyOptions } from './types';

/** What every check shares within one run. */
export class VerifyContext {
  public readonly client: EdgeHttpClient;
  public readonly edgeUrl: URL;
  /** Every Set-Cookie any request saw, for the `cookies` check. */
  public readonly seenSetCookies: SeenSetCookie[] = [];
  /** The results so far, by id (a check may defer to one that failed before it). */
  public readonly results = new Map<CheckId, CheckResult>();
  /** Whether the edge answered over verified TLS (set by the `tls` check). */
  public reachable = false;

  public constructor(public readonly options: VerifyOptions) {
    this.client = new EdgeHttpClient({ resolve: options.resolve, extraCaCertificates: options.extraCaCertificates });
    this.edgeUrl = new URL(options.edgeUrl);
  }

  public get longPollSeconds(): number {
    return this.options.longPollSeconds ?? DEFAULT_LONG_POLL_SECONDS;
  }

  /**
   * A new visitor with an empty jar. `chatFlow: false` for probes a widget never makes (the
   * exposure check): their Set-Cookies are not the chat's, so the `cookies` check does not judge them.
   */
  public visitor(options: { sendCookies?: boolean; chatFlow?: boolean } = {}): VisitorSession {
    const seen = options.chatFlow === false ? [] : this.seenSetCookies;
    return new VisitorSession(this.client, this.edgeUrl, this.options.embeddingOrigin, seen, options.sendCookies ?? true);
  }

  public failed(id: CheckId): boolean {
    return this.results.get(id)?.status === 'failed';
  }
}

/** CometD's default long-poll hold (the server's `timeout`), as GMS ships it. */
export const DEFAULT_LONG_POLL_SECONDS = COMETD_LONG_POLL_HOLD_SECONDS;

export function passed(id: CheckId, detail: string, hint?: string): CheckResult {
  return { id, ok: true, status: 'passed', detail, ...(hint === undefined ? {} : { hint }) };
}

export function failed(id: CheckId, detail: string, hint: string): CheckResult {
  return { id, ok: false, status: 'failed', detail, hint };
}

export function skipped(id: CheckId, detail: string, hint: string): CheckResult {
  return { id, ok: true, status: 'skipped', detail, hint };
}

/** A check stops early with this result. */
export class CheckFailure extends Error {
  public constructor(public readonly result: CheckResult) {
    super(result.detail);
  }
}
