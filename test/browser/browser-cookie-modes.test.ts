/**
 * The browser modes where the rewrite does not decide the outcome, each shown for what it is:
 * - Chromium with third-party cookies allowed: SameSite=None; Secure alone is enough, and GMS's
 *   own cookies (no SameSite) fail anyway, because Chromium treats them as Lax;
 * - Firefox with Total Cookie Protection alone (cookieBehavior 5): Firefox partitions every
 *   third-party cookie by itself, so the chat works without the rewrite too, and this mode
 *   cannot tell the rewrite from none;
 * - Firefox blocking all third-party cookies (cookieBehavior 1): partitioned cookies are
 *   rejected too, so no edge can keep a cross-site chat in it.
 * The modes where the rewrite decides are the acceptance test's (chat-survives-…test.ts).
 */
import { BROWSER_MODES, BrowserMode, LabBrowser, launchLabBrowser } from '../lab/browser';
import { EDGE_KINDS, EdgeKind } from '../lab/edge-profiles';
import { Lab, LabOptions, SHOP_PARTITION_KEY, startLab } from '../lab/lab';
import { LAUNCH_TIMEOUT_MS, chatRoundTrips, openShop, reportTiming, requireLabPrerequisites, returned, widgetIn } from './chat-proof';

const suiteStarted = Date.now();
jest.setTimeout(45_000);

/** One browser in `mode` for the describe block that calls it, and a lab per case. */
function useBrowser(mode: BrowserMode): { browser: () => LabBrowser; startLab: (options: LabOptions) => Promise<Lab> } {
  let browser: LabBrowser | undefined;
  let lab: Lab | undefined;
  beforeAll(async () => {
    requireLabPrerequisites(mode);
    const launchStarted = Date.now();
    browser = await launchLabBrowser(mode);
    reportTiming(`${mode.id}: browser launch`, launchStarted);
  }, LAUNCH_TIMEOUT_MS);
  afterEach(async () => {
    await lab?.stop();
    lab = undefined;
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    browser: () => browser!,
    startLab: async (options) => {
      lab = await startLab(options);
      return lab;
    },
  };
}

/** The chat from the gms.test iframe, and what the browser stored. */
async function chatFromIframe(lab: Lab, browser: LabBrowser, label: string) {
  const shop = await openShop(lab, browser, `${label}, ${browser.mode.description}`);
  try {
    const outcome = await chatRoundTrips(await widgetIn('a cross-site iframe from gms.test', shop.page, lab), lab, label);
    return { ...outcome, stored: await shop.gmsCookies() };
  } finally {
    await shop.close();
  }
}

describe(BROWSER_MODES['chromium-allowed'].description, () => {
  const use = useBrowser(BROWSER_MODES['chromium-allowed']);

  it('with Partitioned stripped, chat works with unpartitioned cookies (the profile setting is what blocks)', async () => {
    const lab = await use.startLab({ edge: 'aws-cloudfront-function', dropPartitioned: true });
    const outcome = await chatFromIframe(lab, use.browser(), 'no Partitioned, allowed');
    expect(outcome.connect).toEqual({ ok: true, value: { handshakes: 1 } });
    expect(outcome.roundTrip).toMatchObject({ ok: true });
    expect(outcome.rest).toMatchObject({ ok: true });
    expect(outcome.stored.map((cookie) => cookie.name)).toEqual(expect.arrayContaining(['BAYEUX_BROWSER', 'JSESSIONID', 'AWSALB', 'AWSALBCORS']));
    expect(outcome.stored.filter((cookie) => cookie.partitionKey !== undefined)).toEqual([]);
  });

  it('without the rewrite, chat fails even so: GMS cookies lack SameSite=None, so Chromium treats them as Lax and refuses them cross-site', async () => {
    const lab = await use.startLab({ edge: 'aws-cloudfront-function', rewrite: false });
    const outcome = await chatFromIframe(lab, use.browser(), 'rewrite off, allowed');
    expect(outcome.connect.ok ? '' : outcome.connect.error).toMatch(/402::session_unknown/);
    // A cookie without SameSite is Lax, and a cross-site response cannot set a Lax cookie:
    // only ALB's AWSALBCORS (SameSite=None; Secure) was stored and came back.
    expect(outcome.stored.map((cookie) => cookie.name)).toEqual(['AWSALBCORS']);
    expect(outcome.exchanges.some((exchange) => returned(exchange, 'BAYEUX_BROWSER'))).toBe(false);
    expect(outcome.exchanges.slice(1).every((exchange) => returned(exchange, 'AWSALBCORS'))).toBe(true);
  });
});

describe(BROWSER_MODES['firefox-tcp'].description, () => {
  const use = useBrowser(BROWSER_MODES['firefox-tcp']);

  it.each(['aws-cloudfront-function', 'azure-application-gateway'] as EdgeKind[])(
    'without the rewrite behind %s, chat works anyway: Firefox partitions GMS\'s cookies under shop.test by itself (this mode cannot tell the rewrite from none)',
    async (kind) => {
      const lab = await use.startLab({ edge: kind, rewrite: false });
      const outcome = await chatFromIframe(lab, use.browser(), `rewrite off, ${kind}`);
      expect(outcome.connect).toEqual({ ok: true, value: { handshakes: 1 } });
      expect(outcome.roundTrip).toMatchObject({ ok: true });
      expect(outcome.rest).toMatchObject({ ok: true });
      // Nothing was rewritten: GMS's BAYEUX_BROWSER went out as GMS set it…
      const sent = outcome.exchanges.flatMap((exchange) => exchange.setCookiesToBrowser);
      expect(sent.find((cookie) => cookie.name === 'BAYEUX_BROWSER')).toMatchObject({ partitioned: false });
      expect(outcome.stored.find((cookie) => cookie.name === 'BAYEUX_BROWSER')).toMatchObject({ secure: false, sameSite: 'Default', partitionKey: SHOP_PARTITION_KEY });
      // …and still every cookie was stored in the shop.test partition and came back.
      expect(outcome.stored.length).toBeGreaterThanOrEqual(4);
      expect(outcome.stored.filter((cookie) => cookie.partitionKey !== SHOP_PARTITION_KEY)).toEqual([]);
      expect(outcome.exchanges.slice(1).every((exchange) => exchange.stuck)).toBe(true);
    },
  );

  it('with the rewrite, chat works the same, in the same partition, with the rewritten attributes', async () => {
    const lab = await use.startLab({ edge: 'aws-cloudfront-function' });
    const outcome = await chatFromIframe(lab, use.browser(), 'rewrite on');
    expect(outcome.connect).toEqual({ ok: true, value: { handshakes: 1 } });
    expect(outcome.rest).toMatchObject({ ok: true });
    expect(outcome.stored.map((cookie) => [cookie.name, cookie.partitionKey, cookie.secure, cookie.sameSite]).sort())
      .toEqual(['AWSALB', 'AWSALBCORS', 'BAYEUX_BROWSER', 'JSESSIONID'].map((name) => [name, SHOP_PARTITION_KEY, true, 'None']));
  });
});

describe(BROWSER_MODES['firefox-reject-foreign'].description, () => {
  const use = useBrowser(BROWSER_MODES['firefox-reject-foreign']);

  it.each(EDGE_KINDS)('behind %s with the rewrite, chat from the iframe fails: Firefox rejects partitioned third-party cookies too', async (kind) => {
    const lab = await use.startLab({ edge: kind });
    const outcome = await chatFromIframe(lab, use.browser(), `rewrite on, ${kind}`);
    expect(outcome.connect.ok ? '' : outcome.connect.error).toMatch(/402::session_unknown/);
    // The edge did its part: every Set-Cookie was Partitioned; the browser kept none.
    const sent = outcome.exchanges.flatMap((exchange) => exchange.setCookiesToBrowser);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((cookie) => !cookie.partitioned)).toEqual([]);
    expect(outcome.stored).toEqual([]);
    expect(outcome.exchanges.some((exchange) => exchange.stuck)).toBe(false);
  });
});

afterAll(() => {
  reportTiming('browser suite (browser-cookie-modes)', suiteStarted);
});
