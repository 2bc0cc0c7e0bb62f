/**
 * One visitor of the embedding site: sends what a browser would (Origin, the cookies it was
 * given for the path) and records every Set-Cookie the edge sent. The jar keeps every cookie,
 * as a browser that allows third-party cookies would: whether a blocking browser would keep them
 * is the `cookies` check's question, not the transport's.
 */
import { EdgeHttpClient, EdgeResponse } from './http-client';
import { defaultPath, parseSetCookie, pathMatches } from './set-cookie';

/** A Set-Cookie header and the request path it answered. */
export interface SeenSetCookie {
  readonly header: string;
  readonly requestPath: string;
}

interface JarCookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
}

/** The Bayeux messages of one reply (an array), or an empty list when the body is not one. */
export type BayeuxMessage = Record<string, unknown> & { channel?: string; successful?: boolean; error?: string; clientId?: string; advice?: { timeout?: number; interval?: number; reconnect?: string } };

export class VisitorSession {
  private readonly jar: JarCookie[] = [];

  public constructor(
    private readonly client: EdgeHttpClient,
    private readonly edgeUrl: URL,
    private readonly embeddingOrigin: string,
    private readonly seen: SeenSetCookie[],
    /** Send cookies back (false: a request as from a visitor with none). */
    private readonly sendCookies = true,
  ) {}

  /** Names of the cookies this session holds. */
  public cookieNames(): string[] {
    return this.jar.map((cookie) => cookie.name);
  }

  /** The URL of a GMS path below the edge URL. */
  public url(pathname: string): URL {
    const base = this.edgeUrl.pathname.replace(/\/+$/, '');
    return new URL(`${base}${pathname}`, this.edgeUrl);
  }

  public async send(method: string, pathname: string, options: { headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<EdgeResponse> {
    const url = this.url(pathname);
    const cookie = this.sendCookies ? this.jar.filter((candidate) => pathMatches(url.pathname, candidate.path)).map((candidate) => `${candidate.name}=${candidate.value}`).join('; ') : '';
    const response = await this.client.request({
      method,
      url,
      headers: { Origin: this.embeddingOrigin, ...(cookie === '' ? {} : { Cookie: cookie }), ...options.headers },
      body: options.body,
      timeoutMs: options.timeoutMs ?? 20_000,
    });
    for (const header of response.setCookies) {
      this.seen.push({ header, requestPath: url.pathname });
      this.store(header, url.pathname);
    }
    return response;
  }

  /** POSTs Bayeux messages to `/genesys/cometd/<suffix>` and parses the reply. */
  public async bayeux(suffix: string, messages: BayeuxMessage[], timeoutMs?: number): Promise<{ response: EdgeResponse; replies: BayeuxMessage[] }> {
    const response = await this.send('POST', `/genesys/cometd/${suffix}`, {
      headers: { 'Content-Type': 'application/json;charset=UTF-8' },
      body: JSON.stringify(messages),
      timeoutMs,
    });
    return { response, replies: parseBayeux(response.body) };
  }

  private store(header: string, requestPath: string): void {
    const parsed = parseSetCookie(header);
    if (!parsed.storable) {
      return;
    }
    const path = parsed.path ?? defaultPath(requestPath);
    const index = this.jar.findIndex((candidate) => candidate.name === parsed.name && candidate.path === path);
    if (index >= 0) {
      this.jar.splice(index, 1);
    }
    const expired = (parsed.maxAge !== undefined && parsed.maxAge <= 0)
      || (parsed.maxAge === undefined && parsed.expires !== undefined && Date.parse(parsed.expires) < Date.now());
    if (!expired) {
      this.jar.push({ name: parsed.name, value: parsed.value, path });
    }
  }
}

export function parseBayeux(body: string): BayeuxMessage[] {
  try {
    const parsed: unknown = JSON.parse(body);
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.filter((message): message is BayeuxMessage => message !== null && typeof message === 'object');
  } catch {
    return [];
  }
}
