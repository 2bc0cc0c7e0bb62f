/**
 * HTTPS requests to the edge with Node's own TLS: certificates are always checked; `--ca-file`
 * adds CAs to Node's bundled roots, and `--resolve host:port:address` (as curl's) picks the
 * address through a custom `lookup`, so SNI, the Host header and the certificate check still use
 * the host name.
 */
import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { LookupFunction } from 'node:net';
import * as tls from 'node:tls';
import type { ResolveEntry } from './types';

/** What the TLS handshake negotiated. */
export interface TlsFacts {
  readonly protocol: string | null;
  readonly cipher: string;
  /** The leaf certificate's subject alternative names and expiry. */
  readonly subjectAltName: string | undefined;
  readonly validTo: string;
}

/** One response, Set-Cookie headers kept one per line as sent. */
export interface EdgeResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly setCookies: readonly string[];
  readonly body: string;
  readonly elapsedMs: number;
  readonly tls: TlsFacts | undefined;
}

/** One request. */
export interface EdgeRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Give up (and reject) after this long. */
  readonly timeoutMs: number;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

/** Parses a curl-style `host:port:address` (an IPv6 address may be bracketed). */
export function parseResolveEntry(text: string): ResolveEntry {
  const match = /^([^:\s]+):([0-9]{1,5}):(\[[0-9A-Fa-f:.]+\]|[^\s]+)$/.exec(text);
  const port = match === null ? NaN : Number(match[2]);
  if (match === null || port < 1 || port > 65535) {
    throw new Error(`--resolve wants host:port:address (as curl's), e.g. chat.example.com:443:203.0.113.10; got ${JSON.stringify(text)}`);
  }
  return { host: match[1].toLowerCase(), port, address: match[3].replace(/^\[|\]$/g, '') };
}

function portOf(url: URL): number {
  return url.port === '' ? (url.protocol === 'http:' ? 80 : 443) : Number(url.port);
}

/** Sends requests; every response's Set-Cookie headers are also reported to `onSetCookies`. */
export class EdgeHttpClient {
  private readonly ca: string[] | undefined;
  /**
   * Connections are reused, as a browser does (session affinity rides on cookies, not on
   * connections). An idle connection is closed after 2 s, before servers' usual 5 s
   * keep-alive timeout, so a request never races a server closing it.
   */
  private readonly agents = {
    'https:': new https.Agent({ keepAlive: true, maxSockets: 4, timeout: 2_000 }),
    'http:': new http.Agent({ keepAlive: true, maxSockets: 4, timeout: 2_000 }),
  };

  public constructor(private readonly options: { readonly resolve?: readonly ResolveEntry[]; readonly extraCaCertificates?: string }) {
    // `ca` replaces the default roots, so the bundled ones are passed along with the extra CAs.
    this.ca = options.extraCaCertificates === undefined ? undefined : [...tls.rootCertificates, options.extraCaCertificates];
  }

  /** The `lookup` for one URL: its `--resolve` address, else DNS. */
  public lookupFor(url: URL): LookupFunction | undefined {
    const entry = (this.options.resolve ?? []).find((candidate) => candidate.host === url.hostname.toLowerCase() && candidate.port === portOf(url));
    if (entry === undefined) {
      return undefined;
    }
    const family = entry.address.includes(':') ? 6 : 4;
    return ((_hostname: string, lookupOptions: dns.LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void) => {
      if (lookupOptions?.all) {
        callback(null, [{ address: entry.address, family }]);
      } else {
        callback(null, entry.address, family);
      }
    });
  }

  /** Closes the idle connections. */
  public close(): void {
    this.agents['https:'].destroy();
    this.agents['http:'].destroy();
  }

  public request(request: EdgeRequest): Promise<EdgeResponse> {
    const { url } = request;
    const started = Date.now();
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const headers: Record<string, string> = { 'User-Agent': 'gms-edge-verify', ...request.headers };
    if (body !== undefined) {
      headers['Content-Length'] = String(body.length);
    }
    const requestOptions: https.RequestOptions = {
      method: request.method,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: portOf(url),
      path: `${url.pathname}${url.search}`,
      headers,
      lookup: this.lookupFor(url),
      agent: url.protocol === 'http:' ? this.agents['http:'] : this.agents['https:'],
      ...(url.protocol === 'https:' ? { ca: this.ca, minVersion: 'TLSv1.2' as const } : {}),
    };
    return new Promise<EdgeResponse>((resolve, reject) => {
      const onResponse = (response: http.IncomingMessage): void => {
        const socket = response.socket as tls.TLSSocket;
        const tlsFacts = typeof socket.getProtocol === 'function' ? describeTls(socket) : undefined;
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_RESPONSE_BYTES) {
            chunks.push(chunk);
          }
        });
        response.on('end', () => {
          clearTimeout(timer);
          const setCookie = response.headers['set-cookie'];
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            setCookies: setCookie ?? [],
            body: Buffer.concat(chunks).toString('utf8'),
            elapsedMs: Date.now() - started,
            tls: tlsFacts,
          });
        });
        response.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      };
      const outgoing = url.protocol === 'https:' ? https.request(requestOptions, onResponse) : http.request(requestOptions, onResponse);
      const timer = setTimeout(() => outgoing.destroy(new TimeoutError(request.timeoutMs)), request.timeoutMs);
      outgoing.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      outgoing.end(body);
    });
  }
}

/** No answer within the time given. */
export class TimeoutError extends Error {
  public constructor(public readonly timeoutMs: number) {
    super(`no answer within ${(timeoutMs / 1000).toFixed(0)} s`);
    this.name = 'TimeoutError';
  }
}

function describeTls(socket: tls.TLSSocket): TlsFacts {
  const certificate = socket.getPeerCertificate();
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? '',
    subjectAltName: certificate?.subjectaltname,
    validTo: certificate?.valid_to ?? '',
  };
}

/** One line for a request that failed before any response. */
export function describeError(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  const code = err?.code === undefined ? '' : `${err.code}: `;
  return `${code}${err?.message ?? String(error)}`;
}
