/**
 * The whole lab: a throwaway CA, two GMS stand-in nodes sharing one Chat Server stand-in, the
 * HTTPS edge for gms.test, and the HTTPS shop.test site that embeds the chat. Everything listens
 * on 127.0.0.1 with ephemeral ports; the browser maps *.test there.
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChatServerStandIn } from './chat-server';
import { createLabCertificates } from './certificates';
import { EdgeKind, EdgeKnobs, EdgeProfile, synthesizedEdgeProfile } from './edge-profiles';
import { EdgeExchange, GmsEdgeServer, startGmsEdgeServer } from './gms-edge-server';
import { GmsNode, startGmsNode } from './gms-node';
import { renderPage, serveLabAsset } from './static-assets';

export const SHOP_HOST = 'shop.test';
export const GMS_HOST = 'gms.test';
/** The load balancer's own name (AWS: the ALB that only CloudFront should reach). */
export const ORIGIN_HOST = 'origin.gms.test';
/** The partition key Chromium gives cookies set in a shop.test top-level context. */
export const SHOP_PARTITION_KEY = `https://${SHOP_HOST}`;

/** How to start a lab. */
export interface LabOptions {
  /** Which deployment the edge stands in for. */
  readonly edge: EdgeKind;
  /** Whether the synthesized Set-Cookie rewrite runs (false: the control). @default true */
  readonly rewrite?: boolean;
  /** Strip Partitioned from the rewrite's output (a control). @default false */
  readonly dropPartitioned?: boolean;
  /** Use this profile instead of reading the synthesized output (for tests of the lab itself). */
  readonly profile?: EdgeProfile;
  /** The project root holding cdk.out and cdktf.out. @default the repository root */
  readonly projectRoot?: string;
  /** Called after each exchange through the edge. */
  readonly onExchange?: (exchange: EdgeExchange) => void;
  /** Health check period of the edge. @default the synthesized interval, scaled by LAB_TIME_SCALE (10 s → 250 ms) */
  readonly healthCheckIntervalMs?: number;
  /** Session affinity as synthesized, or off (round robin only). @default true */
  readonly stickiness?: boolean;
  /** Edge behaviour beyond the rewrite (see EdgeKnobs). @default - the lab's usual behaviour */
  readonly knobs?: EdgeKnobs;
  /** The GMS nodes' CometD long-poll hold. @default 30_000, CometD's own */
  readonly cometdTimeoutMs?: number;
  /** Also listen as the load balancer itself, on `originUrl`. @default false */
  readonly originListener?: boolean;
}

/** A running lab. */
export interface Lab {
  readonly profile: EdgeProfile;
  /** `https://shop.test:<port>` */
  readonly shopOrigin: string;
  /** `https://gms.test:<port>` */
  readonly gmsOrigin: string;
  /** `https://origin.gms.test:<port>`, the load balancer itself, when started with `originListener`. */
  readonly originUrl: string | undefined;
  /** The shop page that embeds the widget top-level and in a cross-site iframe. */
  readonly shopUrl: string;
  readonly nodes: readonly GmsNode[];
  readonly edge: GmsEdgeServer;
  readonly caCertificatePath: string;
  /** Ports the browser must map (host-resolver rules map hosts, not ports). */
  readonly ports: readonly number[];
  /** The lab's temp directory (certificates). */
  readonly directory: string;
  stop(): Promise<void>;
}

/** Starts the lab; stop() ends every server it started and removes its temp directory. */
export async function startLab(options: LabOptions): Promise<Lab> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gms-lab-'));
  const cleanups: Array<() => Promise<void>> = [() => Promise.resolve(fs.rmSync(directory, { recursive: true, force: true }))];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  };
  try {
    const profile = options.profile ?? synthesizedEdgeProfile(options.edge, {
      rewrite: options.rewrite ?? true, dropPartitioned: options.dropPartitioned, projectRoot: options.projectRoot, stickiness: options.stickiness, knobs: options.knobs,
    });
    const certificates = createLabCertificates(directory, [SHOP_HOST, GMS_HOST, ORIGIN_HOST]);
    const tls = { key: certificates.privateKey, cert: certificates.certificate };

    // The shop listens first: its origin is what the GMS nodes' CORS layer allows.
    let gmsOrigin = '';
    const shop = https.createServer(tls, (request, response) => {
      const url = new URL(request.url ?? '/', `https://${SHOP_HOST}`);
      const values = { GMS_ORIGIN: gmsOrigin, EDGE_NAME: profile.kind, EDGE_DESCRIPTION: profile.description };
      if (request.method === 'GET' && url.pathname === '/') {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        response.end(renderPage('shop.html', values));
        return;
      }
      if (request.method === 'GET' && serveLabAsset(url.pathname, response, values)) {
        return;
      }
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('not found');
    });
    await new Promise<void>((resolve, reject) => {
      shop.once('error', reject);
      shop.listen(0, '127.0.0.1', () => resolve());
    });
    cleanups.push(async () => {
      const closed = new Promise<void>((resolve) => shop.close(() => resolve()));
      shop.closeAllConnections();
      await closed;
    });
    const shopPort = (shop.address() as AddressInfo).port;
    const shopOrigin = `https://${SHOP_HOST}:${shopPort}`;

    const chatServer = new ChatServerStandIn();
    const nodes: GmsNode[] = [];
    for (const name of ['gms-a', 'gms-b']) {
      const node = await startGmsNode({ name, chatServer, allowedOrigins: [shopOrigin], cometdTimeoutMs: options.cometdTimeoutMs });
      nodes.push(node);
      cleanups.push(() => node.stop());
    }

    const edge = await startGmsEdgeServer({
      profile,
      nodes,
      tls,
      pageValues: () => ({ GMS_ORIGIN: gmsOrigin }),
      healthCheckIntervalMs: options.healthCheckIntervalMs,
      onExchange: options.onExchange,
      originListener: options.originListener,
    });
    cleanups.push(() => edge.stop());
    gmsOrigin = `https://${GMS_HOST}:${edge.port}`;

    return {
      profile,
      shopOrigin,
      gmsOrigin,
      originUrl: edge.originPort === undefined ? undefined : `https://${ORIGIN_HOST}:${edge.originPort}`,
      shopUrl: `${shopOrigin}/`,
      nodes,
      edge,
      caCertificatePath: certificates.caCertificatePath,
      ports: [shopPort, edge.port, ...(edge.originPort === undefined ? [] : [edge.originPort])],
      directory,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
