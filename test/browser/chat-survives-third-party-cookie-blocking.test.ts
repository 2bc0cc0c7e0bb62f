/**
 * The acceptance test: in each browser of PROOF_BROWSER_MODES (Chromium with third-party cookies
 * blocked; Firefox with opt-in partitioning, which rejects a foreign cookie without Partitioned),
 * a chat widget on shop.test keeps its GMS session on gms.test (CometD and REST, top-level and
 * in a cross-site iframe) behind each edge, running the enforcement synthesized by
 * `npm run synth`; without the rewrite it breaks; when the node holding the session dies, the
 * chat moves to the other node.
 *
 * This is the one scenario list: every `it` inside the `describe.each` below runs in every
 * browser mode of the proof, through the browser-driver abstraction (test/lab/browser.ts).
 * The modes where the rewrite does not decide the outcome are in browser-cookie-modes.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BrowserMode, LabBrowser, PROOF_BROWSER_MODES, ScriptTarget, launchLabBrowser } from '../lab/browser';
import { EDGE_KINDS, EdgeKind } from '../lab/edge-profiles';
import { Lab, SHOP_PARTITION_KEY, startLab } from '../lab/lab';
import { LAUNCH_TIMEOUT_MS, PLACES, WidgetPlace, chatRoundTrips, exchangesSince, gmsFrame, openShop, reportTiming, requireLabPrerequisites, returned, widgetIn } from './chat-proof';

const suiteStarted = Date.now();

/**
 * The README's screenshots (lab.png from Chromium, lab-firefox.png from Firefox) are rewritten
 * only on request (UPDATE_README_SCREENSHOT=1), so a test run leaves the work tree clean;
 * otherwise they go to the ignored .lab/ folder.
 */
function screenshotPath(mode: BrowserMode): string {
  const folder = process.env.UPDATE_README_SCREENSHOT === '1' ? path.join(__dirname, 'screenshots') : path.join(__dirname, '..', '..', '.lab', 'screenshots');
  return path.join(folder, mode.engine === 'chromium' ? 'lab.png' : `lab-${mode.engine}.png`);
}

jest.setTimeout(45_000);

/** The affinity cookie pair each balancer sets. */
const AFFINITY_COOKIES: Record<EdgeKind, string[]> = {
  'aws-cloudfront-function': ['AWSALB', 'AWSALBCORS'],
  'aws-lambda-edge': ['AWSALB', 'AWSALBCORS'],
  'azure-application-gateway': ['ApplicationGatewayAffinity', 'ApplicationGatewayAffinityCORS'],
};

describe.each(PROOF_BROWSER_MODES)('a cross-site chat in $description', (mode) => {
  // One browser per mode for the whole suite; each case gets a session with an empty cookie jar.
  let browser: LabBrowser;
  let modeStarted = 0;

  beforeAll(async () => {
    requireLabPrerequisites(mode);
    modeStarted = Date.now();
    const launchStarted = Date.now();
    browser = await launchLabBrowser(mode);
    reportTiming(`${mode.id}: browser launch`, launchStarted);
  }, LAUNCH_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    reportTiming(`${mode.id}: all scenarios`, modeStarted);
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
      const shop = await openShop(lab, browser, `${kind}, ${mode.description}`);
      try {
        const widget = await widgetIn(place, shop.page, lab);
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

        // The browser stored them in the shop.test partition.
        const stored = await shop.gmsCookies();
        expect(stored.map((cookie) => cookie.name).sort()).toEqual(['BAYEUX_BROWSER', 'JSESSIONID', ...AFFINITY_COOKIES[kind]].sort());
        for (const cookie of stored) {
          // GMS's own Path=/genesys survives the rewrite (as the browser reads the header), the rest get Path=/.
          expect({ name: cookie.name, partitionKey: cookie.partitionKey, secure: cookie.secure, sameSite: cookie.sameSite, httpOnly: cookie.httpOnly, path: cookie.path })
            .toEqual({ name: cookie.name, partitionKey: SHOP_PARTITION_KEY, secure: true, sameSite: 'None', httpOnly: true, path: cookie.name === 'JSESSIONID' ? '/genesys' : '/' });
        }
      } finally {
        await shop.close();
      }
    });

    it('moves the chat to the other node when the node holding the session stops mid-chat', async () => {
      const shop = await openShop(lab, browser, `${kind}, failover`);
      try {
        const widget = await widgetIn('a cross-site iframe from gms.test', shop.page, lab);
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
        await shop.close();
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
      const shop = await openShop(lab, browser, `${kind}, rewrite OFF, ${mode.description}`);
      try {
        const outcome = await chatRoundTrips(await widgetIn(place, shop.page, lab), lab, `control ${kind} ${place}`);
        expect(outcome.connect.ok).toBe(false);
        expect(outcome.connect.ok ? '' : outcome.connect.error).toMatch(/402::session_unknown/);
        // REST still answers (any node can serve it), but the balancer's cookie never came back:
        // the calls were spread over both nodes and each one got a new session cookie.
        expect(outcome.rest.ok).toBe(true);
        const restCalls = outcome.exchanges.filter((exchange) => exchange.path.startsWith('/genesys/2/chat/'));
        expect(restCalls.map((exchange) => exchange.stuck)).toEqual([false, false, false]);
        expect(new Set(restCalls.map((exchange) => exchange.node)).size).toBe(2);
        expect(restCalls.every((exchange) => exchange.setCookiesToBrowser.some((cookie) => cookie.name === 'JSESSIONID'))).toBe(true);
        expect(await shop.gmsCookies()).toEqual([]);
      } finally {
        await shop.close();
      }
    });

    it('with Partitioned stripped from the rewrite (SameSite=None; Secure left), chat fails', async () => {
      lab = await startLab({ edge: 'aws-cloudfront-function', dropPartitioned: true });
      const shop = await openShop(lab, browser, `rewrite minus Partitioned, ${mode.description}`);
      try {
        const outcome = await chatRoundTrips(await widgetIn('a cross-site iframe from gms.test', shop.page, lab), lab, 'no Partitioned');
        expect(outcome.connect.ok ? '' : outcome.connect.error).toMatch(/402::session_unknown/);
        expect(await shop.gmsCookies()).toEqual([]);
      } finally {
        await shop.close();
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

    it('shows both widgets chatting on the shop page (the README screenshots)', async () => {
      const shop = await openShop(lab, browser, `— ${mode.description}`, 'autorun=1');
      try {
        const resultOf = (target: ScriptTarget) => target.waitForValue(
          () => (window as unknown as { gmsLabResult?: { cometd: { error?: string }; rest: { error?: string } } }).gmsLabResult,
          60_000, // the second widget polls every 2 s; a loaded 2-core machine needs the slack
        );
        const top = await resultOf(shop.page);
        const framed = await resultOf(gmsFrame(shop.page, lab));
        for (const result of [top, framed]) {
          expect(result.cometd.error).toBeUndefined();
          expect(result.rest.error).toBeUndefined();
        }
        const stored = await shop.gmsCookies();
        expect(stored.length).toBeGreaterThanOrEqual(4);
        expect(stored.every((cookie) => cookie.partitionKey === SHOP_PARTITION_KEY)).toBe(true);
        const reader = mode.engine === 'chromium' ? { browser: 'Chromium', protocol: 'the DevTools protocol' } : { browser: 'Firefox', protocol: 'WebDriver BiDi' };
        await shop.page.evaluate(({ rows, browser: browserName, protocol }: { rows: string[][]; browser: string; protocol: string }) => {
          (document.getElementById('cookie-jar-browser') as HTMLElement).textContent = browserName;
          (document.getElementById('cookie-jar-protocol') as HTMLElement).textContent = protocol;
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
        }, { ...reader, rows: stored.map((cookie) => [cookie.name, cookie.partitionKey ?? '(none)', cookie.sameSite, String(cookie.secure), String(cookie.httpOnly), cookie.path]) });
        const file = screenshotPath(mode);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        await shop.page.screenshot(file);
        expect(fs.statSync(file).size).toBeGreaterThan(10_000);
      } finally {
        await shop.close();
      }
    }, 90_000);
  });
});

afterAll(() => {
  reportTiming('browser suite (chat-survives-third-party-cookie-blocking)', suiteStarted);
});
