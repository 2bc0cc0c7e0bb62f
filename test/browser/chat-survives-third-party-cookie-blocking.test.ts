/**
 * The acceptance test: in Chromium with third-party cookies blocked, a chat widget on shop.test
 * keeps its GMS session on gms.test (CometD and REST, top-level and in a cross-site iframe)
 * behind each edge, running the enforcement synthesized by `npm run synth`; without the rewrite
 * it breaks; when the node holding the session dies, the chat moves to the other node.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Cookie, Frame, Page } from 'playwright-core';
import { LabBrowser, chromiumPath, launchLabBrowser } from '../lab/browser';
import { EDGE_KINDS, EdgeKind } from '../lab/edge-profiles';
import { EdgeExchange } from '../lab/gms-edge-server';
import { GMS_HOST, Lab, SHOP_PARTITION_KEY, startLab } from '../lab/lab';
import { WidgetDriver } from '../lab/widget-driver';
import { missingSynthArtifacts } from '../lab/synthesized-edge';

const suiteStarted = Date.now();
/**
 * The README's screenshot is rewritten only on request (UPDATE_README_SCREENSHOT=1), so a test
 * run leaves the work tree clean; otherwise it goes to the ignored .lab/ folder.
 */
const SCREENSHOT = process.env.UPDATE_README_SCREENSHOT === '1'
  ? path.join(__dirname, 'screenshots', 'lab.png')
  : path.join(__dirname, '..', '..', '.lab', 'screenshots', 'lab.png');

jest.setTimeout(45_000);

/** The affinity cookie pair each balancer sets. */
const AFFINITY_COOKIES: Record<EdgeKind, string[]> = {
  'aws-cloudfront-function': ['AWSALB', 'AWSALBCORS'],
  'aws-lambda-edge': ['AWSALB', 'AWSALBCORS'],
  'azure-application-gateway': ['ApplicationGatewayAffinity', 'ApplicationGatewayAffinityCORS'],
};

function requireLabPrerequisites(): void {
  chromiumPath(); // throws with the install hint when Chromium is missing: never a skip
  const missing = missingSynthArtifacts();
  if (missing.length > 0) {
    throw new Error(`The browser proof runs the synthesized edges; missing ${missing.join(', ')}. Run \`npm run synth\` first.`);
  }
}

/** Exchanges recorded from `from` on, without CORS preflights (they carry no cookies by design). */
function exchangesSince(lab: Lab, from: number): EdgeExchange[] {
  return lab.edge.exchanges.slice(from).filter((exchange) => exchange.method !== 'OPTIONS');
}

function gmsCookies(cookies: Cookie[]): Cookie[] {
  return cookies.filter((cookie) => cookie.domain === GMS_HOST || cookie.domain === `.${GMS_HOST}`);
}

function returned(exchange: EdgeExchange, name: string): boolean {
  return exchange.requestCookies.some((cookie) => cookie.name === name && cookie.setByEdge);
}

async function openShop(lab: Lab, browser: LabBrowser, note: string): Promise<Page> {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  await page.goto(`${lab.shopUrl}?note=${encodeURIComponent(note)}`, { waitUntil: 'load' });
  return page;
}

function gmsFrame(page: Page, lab: Lab): Frame {
  const frame = page.frames().find((candidate) => candidate.url().startsWith(`${lab.gmsOrigin}/lab/widget.html`));
  if (frame === undefined) {
    throw new Error('the shop page has no gms.test iframe');
  }
  return frame;
}

type WidgetPlace = 'the shop page' | 'a cross-site iframe from gms.test';
const PLACES: WidgetPlace[] = ['the shop page', 'a cross-site iframe from gms.test'];

async function widgetIn(place: WidgetPlace, page: Page, lab: Lab): Promise<WidgetDriver> {
  return WidgetDriver.attach(place === 'the shop page' ? page : gmsFrame(page, lab));
}

/** Runs CometD round trip and REST chat; returns what the edge saw meanwhile. */
async function chatRoundTrips(widget: WidgetDriver, lab: Lab, label: string) {
  const from = lab.edge.exchanges.length;
  const connect = await widget.cometdConnect();
  const roundTrip = connect.ok ? await widget.cometdRoundTrip(`cometd ${label}`) : undefined;
  const state = await widget.cometdState();
  // Stop CometD first: a failing client re-handshakes in a loop, which would interleave with
  // the REST calls in the balancer's round robin.
  await widget.cometdStop();
  const rest = await widget.restChat(`rest ${label}`);
  return { connect, roundTrip, rest, state, exchanges: exchangesSince(lab, from) };
}

describe('a cross-site chat in Chromium with third-party cookies blocked', () => {
  // One browser per third-party-cookie setting for the whole suite; each case clears its cookies.
  let blocked: LabBrowser;
  let allowed: LabBrowser;

  beforeAll(async () => {
    requireLabPrerequisites();
    blocked = await launchLabBrowser('blocked');
    allowed = await launchLabBrowser('allowed');
  });

  afterAll(async () => {
    await blocked?.close();
    await allowed?.close();
  });

  describe.each(EDGE_KINDS)('behind the %s edge with the synthesized rewrite', (kind) => {
    let lab: Lab;

    beforeAll(async () => {
      lab = await startLab({ edge: kind });
    });

    afterAll(async () => {
      await lab?.stop();
    });

    it.each(PLACES)('keeps the CometD session and the REST chat from %s, on one node, with partitioned cookies', async (place) => {
      const page = await openShop(lab, blocked, `${kind}, third-party cookies blocked`);
      try {
        const widget = await widgetIn(place, page, lab);
        const outcome = await chatRoundTrips(widget, lab, `${kind} ${place}`);

        expect(outcome.connect).toEqual({ ok: true, value: { handshakes: 1 } });
        expect(outcome.roundTrip).toMatchObject({ ok: true, value: { text: `cometd ${kind} ${place}`, handshakes: 1 } });
        expect(outcome.rest).toMatchObject({ ok: true, value: { texts: [`rest ${kind} ${place}`] } });
        expect(outcome.state.errors).toEqual([]);

        // The published line came back in the reply to a held /meta/connect.
        const connects = outcome.exchanges.filter((exchange) => exchange.path.endsWith('/connect'));
        expect(connects.some((exchange) => exchange.responseBody.includes(`cometd ${kind} ${place}`))).toBe(true);

        // Affinity held: one node served everything; after the first request every request
        // carried the balancer's cookie back, and every CometD request after the handshake
        // carried BAYEUX_BROWSER back.
        const [first, ...rest] = outcome.exchanges;
        expect(new Set(outcome.exchanges.map((exchange) => exchange.node))).toEqual(new Set([first.node]));
        expect(rest.every((exchange) => exchange.stuck)).toBe(true);
        const afterHandshake = rest.filter((exchange) => exchange.path.startsWith('/genesys/cometd'));
        expect(afterHandshake.length).toBeGreaterThan(1);
        expect(afterHandshake.every((exchange) => returned(exchange, 'BAYEUX_BROWSER'))).toBe(true);
        const restCalls = outcome.exchanges.filter((exchange) => exchange.path.startsWith('/genesys/2/chat/'));
        expect(restCalls.slice(1).every((exchange) => returned(exchange, 'JSESSIONID'))).toBe(true);

        // Every Set-Cookie the browser received was Partitioned.
        const sent = outcome.exchanges.flatMap((exchange) => exchange.setCookiesToBrowser);
        expect(sent.length).toBeGreaterThan(0);
        expect(sent.filter((cookie) => !cookie.partitioned)).toEqual([]);

        // Chromium stored them in the shop.test partition.
        const stored = gmsCookies(await blocked.context.cookies());
        expect(stored.map((cookie) => cookie.name).sort()).toEqual(['BAYEUX_BROWSER', 'JSESSIONID', ...AFFINITY_COOKIES[kind]].sort());
        for (const cookie of stored) {
          // GMS's own Path=/genesys survives the rewrite (as the browser reads the header), the rest get Path=/.
          expect({ name: cookie.name, partitionKey: cookie.partitionKey, secure: cookie.secure, sameSite: cookie.sameSite, httpOnly: cookie.httpOnly, path: cookie.path })
            .toEqual({ name: cookie.name, partitionKey: SHOP_PARTITION_KEY, secure: true, sameSite: 'None', httpOnly: true, path: cookie.name === 'JSESSIONID' ? '/genesys' : '/' });
        }
      } finally {
        await page.close();
      }
    });

    it('moves the chat to the other node when the node holding the session stops mid-chat', async () => {
      const page = await openShop(lab, blocked, `${kind}, failover`);
      try {
        const widget = await widgetIn('a cross-site iframe from gms.test', page, lab);
        expect(await widget.cometdConnect()).toMatchObject({ ok: true });
        expect(await widget.cometdRoundTrip('before failover')).toMatchObject({ ok: true });
        expect(await widget.restStart()).toMatchObject({ ok: true });
        expect(await widget.restSend('rest before failover')).toMatchObject({ ok: true });

        const holder = lab.nodes.find((node) => node.cometdSessionCount() > 0);
        const survivor = lab.nodes.find((node) => node !== holder);
        expect(holder).toBeDefined();
        const from = lab.edge.exchanges.length;
        await holder!.stop();

        const afterFailover = await widget.cometdRoundTrip('after failover');
        expect({ afterFailover, errors: (await widget.cometdState()).errors }).toMatchObject({ afterFailover: { ok: true, value: { handshakes: 2 } } });
        expect(await widget.restSend('rest after failover')).toMatchObject({ ok: true });
        expect(await widget.restPoll()).toEqual({ ok: true, value: ['rest before failover', 'rest after failover'] });

        const exchanges = exchangesSince(lab, from);
        const served = exchanges.filter((exchange) => !exchange.generatedByBalancer);
        // The re-handshake went through the edge to the surviving node, which now holds the session.
        expect(served.some((exchange) => exchange.path === '/genesys/cometd/handshake' && exchange.statusCode === 200)).toBe(true);
        expect(new Set(served.map((exchange) => exchange.node))).toEqual(new Set([survivor!.name]));
        expect(survivor!.cometdSessionCount()).toBe(1);
        // …and its new cookies were partitioned too.
        expect(exchanges.flatMap((exchange) => exchange.setCookiesToBrowser).filter((cookie) => !cookie.partitioned)).toEqual([]);
        await widget.cometdStop();
      } finally {
        await page.close();
      }
    });
  });

  describe('controls: the same lab with the enforcement changed', () => {
    let lab: Lab | undefined;

    afterEach(async () => {
      await lab?.stop();
      lab = undefined;
    });

    it.each([
      ['aws-cloudfront-function', 'the shop page'],
      ['aws-cloudfront-function', 'a cross-site iframe from gms.test'],
      ['azure-application-gateway', 'the shop page'],
      ['azure-application-gateway', 'a cross-site iframe from gms.test'],
    ] as Array<[EdgeKind, WidgetPlace]>)('without the rewrite behind %s, chat from %s fails: 402::session_unknown and lost affinity', async (kind, place) => {
      lab = await startLab({ edge: kind, rewrite: false });
      const page = await openShop(lab, blocked, `${kind}, rewrite OFF, third-party cookies blocked`);
      try {
        const outcome = await chatRoundTrips(await widgetIn(place, page, lab), lab, `control ${kind} ${place}`);
        expect(outcome.connect.ok).toBe(false);
        expect(outcome.connect.ok ? '' : outcome.connect.error).toMatch(/402::session_unknown/);
        // REST still answers (any node can serve it), but the balancer's cookie never came back:
        // the calls were spread over both nodes and each one got a new session cookie.
        expect(outcome.rest.ok).toBe(true);
        const restCalls = outcome.exchanges.filter((exchange) => exchange.path.startsWith('/genesys/2/chat/'));
        expect(restCalls.map((exchange) => exchange.stuck)).toEqual([false, false, false]);
        expect(new Set(restCalls.map((exchange) => exchange.node)).size).toBe(2);
        expect(restCalls.every((exchange) => exchange.setCookiesToBrowser.some((cookie) => cookie.name === 'JSESSIONID'))).toBe(true);
        expect(gmsCookies(await blocked.context.cookies())).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it('with Partitioned stripped from the rewrite (SameSite=None; Secure left), chat fails when third-party cookies are blocked', async () => {
      lab = await startLab({ edge: 'aws-cloudfront-function', dropPartitioned: true });
      const page = await openShop(lab, blocked, 'rewrite minus Partitioned, third-party cookies blocked');
      try {
        const outcome = await chatRoundTrips(await widgetIn('a cross-site iframe from gms.test', page, lab), lab, 'no Partitioned, blocked');
        expect(outcome.connect.ok ? '' : outcome.connect.error).toMatch(/402::session_unknown/);
        expect(gmsCookies(await blocked.context.cookies())).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it('with Partitioned stripped, chat works when third-party cookies are allowed, with unpartitioned cookies (the profile setting is what blocks)', async () => {
      lab = await startLab({ edge: 'aws-cloudfront-function', dropPartitioned: true });
      const page = await openShop(lab, allowed, 'rewrite minus Partitioned, third-party cookies allowed');
      try {
        const outcome = await chatRoundTrips(await widgetIn('a cross-site iframe from gms.test', page, lab), lab, 'no Partitioned, allowed');
        expect(outcome.connect).toEqual({ ok: true, value: { handshakes: 1 } });
        expect(outcome.roundTrip).toMatchObject({ ok: true });
        expect(outcome.rest).toMatchObject({ ok: true });
        const stored = gmsCookies(await allowed.context.cookies());
        expect(stored.map((cookie) => cookie.name)).toEqual(expect.arrayContaining(['BAYEUX_BROWSER', 'JSESSIONID', 'AWSALB', 'AWSALBCORS']));
        expect(stored.filter((cookie) => cookie.partitionKey !== undefined)).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it('without the rewrite, chat fails even with third-party cookies allowed: GMS cookies lack SameSite=None, so Chromium treats them as Lax and refuses them cross-site', async () => {
      lab = await startLab({ edge: 'aws-cloudfront-function', rewrite: false });
      const page = await openShop(lab, allowed, 'rewrite OFF, third-party cookies allowed');
      try {
        const outcome = await chatRoundTrips(await widgetIn('a cross-site iframe from gms.test', page, lab), lab, 'rewrite off, allowed');
        expect(outcome.connect.ok ? '' : outcome.connect.error).toMatch(/402::session_unknown/);
        // A cookie without SameSite is Lax, and a cross-site response cannot set a Lax cookie:
        // only ALB's AWSALBCORS (SameSite=None; Secure) was stored and came back.
        const stored = gmsCookies(await allowed.context.cookies());
        expect(stored.map((cookie) => cookie.name)).toEqual(['AWSALBCORS']);
        expect(outcome.exchanges.some((exchange) => returned(exchange, 'BAYEUX_BROWSER'))).toBe(false);
        expect(outcome.exchanges.slice(1).every((exchange) => returned(exchange, 'AWSALBCORS'))).toBe(true);
      } finally {
        await page.close();
      }
    });
  });

  describe('for people', () => {
    let lab: Lab;

    beforeAll(async () => {
      lab = await startLab({ edge: 'aws-cloudfront-function' });
    });

    afterAll(async () => {
      await lab?.stop();
    });

    it('shows both widgets chatting on the shop page (the README screenshot)', async () => {
      await blocked.context.clearCookies();
      const page = await blocked.context.newPage();
      try {
        await page.goto(`${lab.shopUrl}?autorun=1&note=${encodeURIComponent('— Chromium, third-party cookies blocked')}`, { waitUntil: 'load' });
        const resultOf = async (target: Page | Frame) => {
          const handle = await target.waitForFunction(() => (window as unknown as { gmsLabResult?: unknown }).gmsLabResult, undefined, { timeout: 30_000 });
          return handle.jsonValue() as Promise<{ cometd: { error?: string }; rest: { error?: string } }>;
        };
        const top = await resultOf(page);
        const framed = await resultOf(gmsFrame(page, lab));
        for (const result of [top, framed]) {
          expect(result.cometd.error).toBeUndefined();
          expect(result.rest.error).toBeUndefined();
        }
        const stored = gmsCookies(await blocked.context.cookies());
        expect(stored.length).toBeGreaterThanOrEqual(4);
        expect(stored.every((cookie) => cookie.partitionKey === SHOP_PARTITION_KEY)).toBe(true);
        await page.evaluate((rows) => {
          const jar = document.getElementById('cookie-jar') as HTMLElement;
          const body = jar.querySelector('tbody') as HTMLElement;
          for (const row of rows) {
            const tr = document.createElement('tr');
            for (const [index, text] of row.entries()) {
              const td = document.createElement('td');
              td.textContent = text;
              if (index === 1 && text.startsWith('https://')) {
                td.className = 'partitioned';
              }
              tr.appendChild(td);
            }
            body.appendChild(tr);
          }
          jar.hidden = false;
        }, stored.map((cookie) => [cookie.name, cookie.partitionKey ?? '(none)', cookie.sameSite, String(cookie.secure), String(cookie.httpOnly), cookie.path]));
        fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
        await page.screenshot({ path: SCREENSHOT, fullPage: true });
        expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
      } finally {
        await page.close();
      }
    });
  });

  afterAll(() => {
    // Reported, not asserted: timings on a shared machine are noise, not a specification.
    console.log(`browser suite: ${Date.now() - suiteStarted} ms`);
  });
});
