/**
 * One GMS stand-in node, plain HTTP on 127.0.0.1 (TLS ends at the edge, as Genesys asks):
 * - `/genesys/cometd`: the official CometD Node server with its default cookie options, so the
 *   handshake sets `BAYEUX_BROWSER=<40 hex>; HttpOnly` with no Path, Secure or SameSite, as GMS
 *   does behind a TLS-terminating balancer;
 * - `/genesys/2/chat/{serviceName}`: a Chat API v2 REST stand-in (request chat, send, refresh)
 *   that, like GMS on Jetty, issues a `JSESSIONID` session cookie (Path=/genesys);
 * - the Node API (Basic auth) and the get service the balancer health-checks (gms-admin.ts);
 * all behind a CORS layer that echoes only the allowed origins, with credentials.
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { CometDServer, ServerSession, createCometDServer } from 'cometd-nodejs-server';
import { ChatAccessError, ChatServerStandIn } from './chat-server';
import { GmsAdminState, GmsNodeStatus, handleGmsAdmin } from './gms-admin';

/** How to start a GMS stand-in node. */
export interface GmsNodeOptions {
  /** The node's name, reported in the lab log (e.g. `gms-a`). */
  readonly name: string;
  /** The Chat Server stand-in shared by the cluster. */
  readonly chatServer: ChatServerStandIn;
  /** Origins the CORS layer lets call with credentials (exact match, e.g. `https://shop.test:8443`). */
  readonly allowedOrigins: readonly string[];
  /** How long CometD holds a `/meta/connect` (its `timeout` option). @default 30_000, CometD's own */
  readonly cometdTimeoutMs?: number;
}

/** A running GMS stand-in node. */
export interface GmsNode {
  readonly name: string;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The CometD server (to inspect sessions). */
  readonly cometd: CometDServer;
  /** CometD sessions this node holds now. */
  cometdSessionCount(): number;
  /** Whether the node still serves requests. */
  readonly running: boolean;
  /** ONLINE or OFFLINE, as `changestatus` set it. */
  readonly status: GmsNodeStatus;
  /** Stops the node the hard way (open long polls are cut), as a crashed or terminated node. */
  stop(): Promise<void>;
}

const CHAT_PATH = /^\/genesys\/2\/chat\/([A-Za-z0-9_.-]+)(?:\/([A-Za-z0-9]+)\/(send|refresh|disconnect))?$/;
const SESSION_COOKIE = 'JSESSIONID';
const MAX_BODY_BYTES = 64 * 1024;

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) {
      return pair.slice(eq + 1).trim();
    }
  }
  return undefined;
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
      }
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json;charset=UTF-8');
  response.end(JSON.stringify(body));
}

/** Starts a GMS stand-in node on an ephemeral port of 127.0.0.1. */
export async function startGmsNode(options: GmsNodeOptions): Promise<GmsNode> {
  // Defaults on purpose: the cookie options are what GMS behind a TLS-terminating balancer sends.
  const cometd = createCometDServer(options.cometdTimeoutMs === undefined ? undefined : { timeout: options.cometdTimeoutMs });
  const cometdSessions = new Set<ServerSession>();
  cometd.addListener('sessionAdded', (session: ServerSession) => {
    // Deliver published messages only on /meta/connect, so the lab proves the long poll carries
    // them (the CometD server option metaConnectDeliveryOnly, per session in the Node server).
    (session as ServerSession & { _metaConnectDeliveryOnly: boolean })._metaConnectDeliveryOnly = true;
    cometdSessions.add(session);
  });
  cometd.addListener('sessionRemoved', (session: ServerSession) => {
    cometdSessions.delete(session);
  });
  const httpSessions = new Set<string>();
  let running = true;
  const admin: GmsAdminState = { status: 'ONLINE' };

  /** Jetty's behaviour: a request without a known session gets a new one and a Set-Cookie. */
  function ensureHttpSession(request: http.IncomingMessage, response: http.ServerResponse): void {
    const presented = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (presented !== undefined && httpSessions.has(presented)) {
      return;
    }
    const id = `node0${randomBytes(12).toString('hex')}.${options.name}`;
    httpSessions.add(id);
    response.setHeader('Set-Cookie', `${SESSION_COOKIE}=${id}; Path=/genesys; HttpOnly`);
  }

  async function handleChat(request: http.IncomingMessage, response: http.ServerResponse, match: RegExpMatchArray): Promise<void> {
    if (request.method !== 'POST') {
      sendJson(response, 405, { statusCode: 1, errors: [{ code: 405, advice: 'Chat API v2 takes POST' }] });
      return;
    }
    const form = new URLSearchParams(await readBody(request));
    const [, serviceName, chatId, operation] = match;
    ensureHttpSession(request, response);
    if (chatId === undefined) {
      const nickname = form.get('nickname') ?? '';
      if (nickname === '') {
        sendJson(response, 400, { statusCode: 1, errors: [{ code: 400, advice: 'nickname is required' }] });
        return;
      }
      const chat = options.chatServer.requestChat(serviceName, nickname);
      sendJson(response, 200, {
        messages: [], chatEnded: false, statusCode: 0, alias: chat.alias, secureKey: chat.secureKey,
        userId: chat.userId, chatId: chat.chatId, nextPosition: 1,
      });
      return;
    }
    try {
      const chat = options.chatServer.authorize(serviceName, chatId, form.get('userId'), form.get('secureKey'));
      if (operation === 'disconnect') {
        sendJson(response, 200, { messages: [], chatEnded: true, statusCode: 0, alias: chat.alias });
      } else if (operation === 'send') {
        options.chatServer.send(chat, form.get('message') ?? '');
        sendJson(response, 200, { messages: [], chatEnded: false, statusCode: 0, alias: chat.alias, nextPosition: chat.transcript.length + 1 });
      } else {
        const fromPosition = Number(form.get('fromPosition') ?? '1');
        sendJson(response, 200, {
          messages: options.chatServer.eventsFrom(chat, Number.isInteger(fromPosition) && fromPosition > 0 ? fromPosition : 1),
          chatEnded: false, statusCode: 0, alias: chat.alias, nextPosition: chat.transcript.length + 1,
        });
      }
    } catch (error) {
      if (error instanceof ChatAccessError) {
        sendJson(response, 400, { statusCode: 1, errors: [{ code: 400, advice: error.message }] });
        return;
      }
      throw error;
    }
  }

  /** CORS: echo an allowed Origin exactly, with credentials; answer preflights with 204. */
  function applyCors(request: http.IncomingMessage, response: http.ServerResponse): boolean {
    const origin = request.headers.origin;
    if (origin !== undefined && options.allowedOrigins.includes(origin)) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      response.setHeader('Vary', 'Origin');
    }
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      response.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      response.setHeader('Access-Control-Allow-Headers', 'Content-Type');
      response.setHeader('Access-Control-Max-Age', '600');
      response.statusCode = 204;
      response.end();
      return true;
    }
    return false;
  }

  const server = http.createServer((request, response) => {
    if (applyCors(request, response)) {
      return;
    }
    const url = new URL(request.url ?? '/', 'http://gms.internal');
    if (url.pathname === '/genesys/cometd' || url.pathname.startsWith('/genesys/cometd/')) {
      cometd.handle(request, response);
      return;
    }
    if (handleGmsAdmin(request, response, url.pathname, admin, () => ensureHttpSession(request, response))) {
      return;
    }
    const chatMatch = CHAT_PATH.exec(url.pathname);
    if (chatMatch !== null) {
      handleChat(request, response, chatMatch).catch((error: Error) => {
        if (!response.headersSent) {
          sendJson(response, 500, { statusCode: 1, errors: [{ code: 500, advice: error.message }] });
        } else {
          response.destroy();
        }
      });
      return;
    }
    sendJson(response, 404, { statusCode: 1, errors: [{ code: 404, advice: `no such resource ${url.pathname}` }] });
  });
  // Above CometD's 30 s long-poll hold, so Node never cuts a held /meta/connect.
  server.requestTimeout = 120_000;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    name: options.name,
    url: `http://127.0.0.1:${port}`,
    port,
    cometd,
    cometdSessionCount: () => cometdSessions.size,
    get running() {
      return running;
    },
    get status() {
      return admin.status;
    },
    async stop() {
      if (!running) {
        return;
      }
      running = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      // Disconnecting removes each session and cancels its held /meta/connect timer.
      for (const session of [...cometdSessions]) {
        session.disconnect();
      }
      cometd.close();
      await closed;
    },
  };
}
