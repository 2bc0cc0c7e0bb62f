/**
 * The HTTPS edge for gms.test: one process standing in for CloudFront + ALB (AWS) or for
 * Application Gateway v2 (Azure). Per request it picks a GMS node as the balancer would
 * (affinity cookie, else round robin over healthy nodes), forwards over plain HTTP, appends the
 * balancer's affinity cookies, runs the synthesized Set-Cookie enforcement and answers with
 * every Set-Cookie as its own header line (never combined). Every exchange is recorded.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { AddressInfo } from 'node:net';
import { EdgeProfile } from './edge-profiles';
import type { GmsNode } from './gms-node';
import { PageValues, serveLabAsset } from './static-assets';

/** One Set-Cookie header the browser received, as the lab reads it. */
export interface SentCookie {
  readonly name: string;
  readonly value: string;
  /** The header as sent to the browser. */
  readonly header: string;
  /** Whether the header carries the Partitioned attribute. */
  readonly partitioned: boolean;
}

/** A cookie the browser sent, and what the edge knows of it. */
export interface ReturnedCookie {
  readonly name: string;
  /** Whether this edge had set exactly this value before. */
  readonly setByEdge: boolean;
  /** Whether the Set-Cookie that carried this value was Partitioned (undefined if not set here). */
  readonly setPartitioned: boolean | undefined;
}

/** One request through the edge. */
export interface EdgeExchange {
  readonly id: number;
  readonly method: string;
  readonly path: string;
  /** The node the balancer chose, or undefined when none was healthy. */
  readonly target: string | undefined;
  /** The node that served it, or undefined when the balancer answered itself. */
  readonly node: string | undefined;
  /** Whether an affinity cookie chose the node. */
  readonly stuck: boolean;
  readonly statusCode: number;
  readonly generatedByBalancer: boolean;
  /** Cookies the browser sent. */
  readonly requestCookies: readonly ReturnedCookie[];
  /** Set-Cookie headers from the node and the balancer, before the enforcement. */
  readonly setCookiesFromOrigin: readonly string[];
  /** Set-Cookie headers the browser received. */
  readonly setCookiesToBrowser: readonly SentCookie[];
  /** The response body, for CometD and Chat API responses (to show what the long poll carried). */
  readonly responseBody: string;
}

/** How to start the edge. */
export interface GmsEdgeServerOptions {
  readonly profile: EdgeProfile;
  readonly nodes: readonly GmsNode[];
  readonly tls: { readonly key: string; readonly cert: string };
  /** Values for the widget page (`GMS_ORIGIN` …). */
  readonly pageValues: () => PageValues;
  /**
   * Health check period. The path, matcher and thresholds are the synthesized ones.
   * @default the synthesized interval × {@link LAB_TIME_SCALE}
   */
  readonly healthCheckIntervalMs?: number;
  /** Called after each exchange (the CLI logs it). */
  readonly onExchange?: (exchange: EdgeExchange) => void;
  /**
   * Also listen as the load balancer itself (AWS: the ALB behind CloudFront), reachable without
   * CloudFront: no edge rewrite there, and 403 without the secret origin header unless the
   * profile's `originRequiresSecretHeader` knob is false. @default false
   */
  readonly originListener?: boolean;
}

/** A running edge. */
export interface GmsEdgeServer {
  readonly port: number;
  /** The load balancer's own port, when started with `originListener`. */
  readonly originPort: number | undefined;
  readonly exchanges: readonly EdgeExchange[];
  /** Node names the health checks consider healthy now. */
  healthyNodes(): string[];
  /** Runs one round of health checks now (tests use it to avoid waiting for the timer). */
  checkHealth(): Promise<void>;
  stop(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host', 'content-length']);
const UPSTREAM_TIMEOUT_MS = 90_000; // above CometD's 30 s hold, as the constructs configure the edges
const HEALTH_CHECK_TIMEOUT_MS = 5_000; // ALB's default health-check timeout; a loaded machine is slow to answer
/** Lab time per synthesized second of health-check interval: 10 s become 250 ms. */
export const LAB_TIME_SCALE = 1 / 40;
const MAX_BODY_BYTES = 256 * 1024;
/** The synthesized ALB listener rule's header (GmsLoadBalancer originVerifyHeaderName default). */
const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/** The node did not answer within the edge's origin read timeout. */
class OriginTimeout extends Error {}

/** Parses a Cookie request header into name → value (first occurrence wins, as servers do). */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      continue;
    }
    const name = pair.slice(0, eq).trim();
    if (!cookies.has(name)) {
      cookies.set(name, pair.slice(eq + 1).trim());
    }
  }
  return cookies;
}

/** Name, value and the Partitioned flag of one Set-Cookie header. */
export function describeSetCookie(header: string): SentCookie {
  const semicolon = header.indexOf(';');
  const pair = semicolon < 0 ? header : header.slice(0, semicolon);
  const eq = pair.indexOf('=');
  const attributes = semicolon < 0 ? [] : header.slice(semicolon + 1).split(';').map((part) => part.trim().split('=')[0].toLowerCase());
  return {
    name: eq < 0 ? '' : pair.slice(0, eq).trim(),
    value: eq < 0 ? pair.trim() : pair.slice(eq + 1).trim(),
    header,
    partitioned: attributes.includes('partitioned'),
  };
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

interface UpstreamResponse {
  readonly statusCode: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

function forward(node: GmsNode, request: http.IncomingMessage, response: http.ServerResponse, body: Buffer, timeoutMs: number): Promise<UpstreamResponse> {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) {
      headers[name] = value;
    }
  }
  headers.host = request.headers.host;
  headers['content-length'] = String(body.length);
  headers['x-forwarded-for'] = request.socket.remoteAddress ?? '127.0.0.1';
  headers['x-forwarded-proto'] = 'https';
  return new Promise((resolve, reject) => {
    const upstream = http.request({ host: '127.0.0.1', port: node.port, method: request.method, path: request.url, headers, timeout: timeoutMs }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => resolve({ statusCode: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }));
      answer.on('error', reject);
      answer.on('aborted', () => reject(new Error('upstream response aborted')));
    });
    upstream.on('timeout', () => upstream.destroy(new OriginTimeout('upstream timeout')));
    upstream.on('error', reject);
    // The browser went away (its response closed before we answered): stop waiting for the node.
    response.once('close', () => upstream.destroy());
    upstream.end(body);
  });
}

/** Starts the edge on an ephemeral port of 127.0.0.1. */
export async function startGmsEdgeServer(options: GmsEdgeServerOptions): Promise<GmsEdgeServer> {
  const { profile, nodes } = options;
  const knobs = profile.knobs ?? {};
  const exchanges: EdgeExchange[] = [];
  const healthCheck = profile.balancer.healthCheck;
  // As on both platforms, a node takes requests only after passing the health check.
  const healthy = new Map<string, boolean>(nodes.map((node) => [node.name, false]));
  const streaks = new Map<string, number>(nodes.map((node) => [node.name, 0]));
  const sentValues = new Map<string, boolean>(); // `name=value` → was the Set-Cookie Partitioned
  let roundRobin = 0;
  let nextId = 1;

  const healthyNodes = (): string[] => nodes.filter((node) => healthy.get(node.name) === true).map((node) => node.name);

  async function probe(node: GmsNode): Promise<boolean> {
    return new Promise((resolve) => {
      // A plain GET without credentials: neither ALB nor Application Gateway can send any.
      const check = http.get({ host: '127.0.0.1', port: node.port, path: healthCheck.path, timeout: HEALTH_CHECK_TIMEOUT_MS }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => { body += chunk; });
        response.on('end', () => resolve(healthCheck.matches(response.statusCode ?? 0, body)));
        response.on('error', () => resolve(false));
      });
      check.on('timeout', () => check.destroy());
      check.on('error', () => resolve(false));
    });
  }

  async function checkHealth(): Promise<void> {
    await Promise.all(nodes.map(async (node) => {
      // Consecutive results against the other state: a streak of the threshold flips it.
      const passed = await probe(node);
      const wasHealthy = healthy.get(node.name) === true;
      const streak = passed === wasHealthy ? 0 : (streaks.get(node.name) ?? 0) + 1;
      const flips = streak >= (wasHealthy ? healthCheck.unhealthyThreshold : healthCheck.healthyThreshold);
      healthy.set(node.name, flips ? !wasHealthy : wasHealthy);
      streaks.set(node.name, flips ? 0 : streak);
    }));
  }

  let healthTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  const scheduleHealthCheck = (): void => {
    healthTimer = setTimeout(() => {
      void checkHealth().finally(() => {
        if (!stopped) {
          scheduleHealthCheck();
        }
      });
    }, options.healthCheckIntervalMs ?? healthCheck.intervalSeconds * 1000 * LAB_TIME_SCALE);
    healthTimer.unref();
  };

  function refuse(request: http.IncomingMessage, response: http.ServerResponse, url: URL, statusCode: number, text: string): void {
    response.writeHead(statusCode, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
    response.end(text);
    const exchange: EdgeExchange = {
      id: nextId++, method: request.method ?? 'GET', path: url.pathname, target: undefined, node: undefined, stuck: false, statusCode,
      generatedByBalancer: true, requestCookies: [], setCookiesFromOrigin: [], setCookiesToBrowser: [], responseBody: text,
    };
    exchanges.push(exchange);
    options.onExchange?.(exchange);
  }

  async function handle(request: http.IncomingMessage, response: http.ServerResponse, viaOrigin: boolean): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://gms.test');
    if (viaOrigin && knobs.originRequiresSecretHeader !== false && request.headers[ORIGIN_VERIFY_HEADER] === undefined) {
      refuse(request, response, url, 403, 'Forbidden'); // the ALB listener's default action
      return;
    }
    if (!viaOrigin && request.method === 'GET' && serveLabAsset(url.pathname, response, options.pageValues())) {
      return; // the widget's own files: a separate origin behind the same host, no cookies
    }
    // The synthesized exposure: a path no rule publishes never reaches a node.
    const route = knobs.publishedPaths === 'every-path' ? undefined : profile.balancer.route(url.pathname);
    if (route !== undefined && !route.forward) {
      refuse(request, response, url, route.statusCode, route.body);
      return;
    }
    const body = await readBody(request);
    const requestCookies = parseCookieHeader(request.headers.cookie);
    const inRotation = healthyNodes();
    const stickyNode = profile.affinity?.stickyNode(requestCookies, inRotation);
    const nodeName = stickyNode ?? (inRotation.length > 0 ? inRotation[roundRobin++ % inRotation.length] : undefined);
    const node = nodes.find((candidate) => candidate.name === nodeName);

    let upstream: UpstreamResponse | undefined;
    let timedOut = false;
    if (node !== undefined) {
      try {
        upstream = await forward(node, request, response, body, knobs.originReadTimeoutMs ?? UPSTREAM_TIMEOUT_MS);
      } catch (error) {
        upstream = undefined; // connection refused or reset: the balancer answers 502 itself
        timedOut = error instanceof OriginTimeout; // ... or 504 when the node took too long
      }
    }
    const generatedByBalancer = upstream === undefined;
    const statusCode = upstream?.statusCode ?? (node === undefined ? 503 : timedOut ? 504 : 502);
    const originSetCookies = [
      ...(upstream?.headers['set-cookie'] ?? []),
      ...(upstream !== undefined && node !== undefined && profile.affinity !== undefined ? profile.affinity.responseCookies(node.name, stickyNode !== undefined) : []),
    ];
    const browserSetCookies = profile.enforcement === undefined || viaOrigin
      ? originSetCookies
      : await profile.enforcement(originSetCookies, { statusCode, path: url.pathname, generatedByBalancer });

    const responseBody = upstream?.body ?? Buffer.from(statusCode === 503 ? '503 Service Temporarily Unavailable' : statusCode === 504 ? '504 Gateway Timeout' : '502 Bad Gateway');
    for (const [name, value] of Object.entries(upstream?.headers ?? { 'content-type': 'text/plain' })) {
      if (!HOP_BY_HOP.has(name) && name !== 'set-cookie' && value !== undefined) {
        response.setHeader(name, value);
      }
    }
    if (knobs.cors === 'wildcard' && !viaOrigin) {
      response.setHeader('Access-Control-Allow-Origin', '*');
    }
    if (knobs.strictTransportSecurity !== undefined && !viaOrigin) {
      response.setHeader('Strict-Transport-Security', knobs.strictTransportSecurity);
    }
    if (browserSetCookies.length > 0) {
      response.setHeader('Set-Cookie', browserSetCookies); // an array: one header line each
    }
    response.setHeader('Content-Length', responseBody.length);
    response.statusCode = statusCode;
    response.end(responseBody);

    const sent = browserSetCookies.map(describeSetCookie);
    const returned: ReturnedCookie[] = [...requestCookies].map(([name, value]) => {
      const setPartitioned = sentValues.get(`${name}=${value}`);
      return { name, setByEdge: setPartitioned !== undefined, setPartitioned };
    });
    for (const cookie of sent) {
      sentValues.set(`${cookie.name}=${cookie.value}`, cookie.partitioned);
    }
    const exchange: EdgeExchange = {
      id: nextId++,
      method: request.method ?? 'GET',
      path: url.pathname,
      target: node?.name,
      node: upstream === undefined ? undefined : node?.name,
      stuck: stickyNode !== undefined,
      statusCode,
      generatedByBalancer,
      requestCookies: returned,
      setCookiesFromOrigin: originSetCookies,
      setCookiesToBrowser: sent,
      responseBody: url.pathname.startsWith('/genesys/') ? responseBody.toString('utf8').slice(0, 4096) : '',
    };
    exchanges.push(exchange);
    options.onExchange?.(exchange);
  }

  const listen = async (viaOrigin: boolean): Promise<https.Server> => {
    const server = https.createServer({ key: options.tls.key, cert: options.tls.cert }, (request, response) => {
      handle(request, response, viaOrigin).catch((error: Error) => {
        if (!response.headersSent) {
          response.writeHead(500, { 'Content-Type': 'text/plain' });
          response.end(`edge error: ${error.message}`);
        } else {
          response.destroy();
        }
      });
    });
    server.requestTimeout = 120_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return server;
  };
  const servers = [await listen(false), ...(options.originListener ? [await listen(true)] : [])];
  const [server, originServer] = servers;
  // Nodes start out of rotation and join after the synthesized healthy threshold of checks.
  for (let round = 0; round < healthCheck.healthyThreshold; round++) {
    await checkHealth();
  }
  scheduleHealthCheck();

  return {
    port: (server.address() as AddressInfo).port,
    originPort: originServer === undefined ? undefined : (originServer.address() as AddressInfo).port,
    exchanges,
    healthyNodes,
    checkHealth,
    async stop() {
      stopped = true;
      if (healthTimer !== undefined) {
        clearTimeout(healthTimer);
      }
      await Promise.all(servers.map((each) => {
        const closed = new Promise<void>((resolve) => each.close(() => resolve()));
        each.closeAllConnections();
        return closed;
      }));
    },
  };
}
