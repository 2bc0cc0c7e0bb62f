/**
 * What the browser proof's scenarios share, for any browser the lab drives: a fresh shop.test
 * page per case, the widget top-level or in the gms.test iframe, a CometD and REST round trip,
 * and what the edge and the browser's cookie jar saw meanwhile.
 */
import { BrowserMode, LabBrowser, LabPage, ScriptTarget, StoredCookie, browserPath } from '../lab/browser';
import { EdgeExchange } from '../lab/gms-edge-server';
import { GMS_HOST, Lab } from '../lab/lab';
import { missingSynthArtifacts } from '../lab/synthesized-edge';
import { WidgetDriver } from '../lab/widget-driver';

/** Firefox takes seconds to start on a busy 2-core machine; a case takes a few. */
export const LAUNCH_TIMEOUT_MS = 120_000;

/** Throws with the install hint when the mode's browser is missing, or `npm run synth` when its output is: never a skip. */
export function requireLabPrerequisites(mode: BrowserMode): void {
  browserPath(mode.engine);
  const missing = missingSynthArtifacts();
  if (missing.length > 0) {
    throw new Error(`The browser proof runs the synthesized edges; missing ${missing.join(', ')}. Run \`npm run synth\` first.`);
  }
}

/** Exchanges recorded from `from` on, without CORS preflights (they carry no cookies by design). */
export function exchangesSince(lab: Lab, from: number): EdgeExchange[] {
  return lab.edge.exchanges.slice(from).filter((exchange) => exchange.method !== 'OPTIONS');
}

/** Whether the request of `exchange` carried back a cookie `name` the edge had set. */
export function returned(exchange: EdgeExchange, name: string): boolean {
  return exchange.requestCookies.some((cookie) => cookie.name === name && cookie.setByEdge);
}

/** The shop page of one case, in a session (cookie jar) of its own. */
export interface Shop {
  readonly page: LabPage;
  /** The cookies the browser stored for gms.test, with their partitions. */
  gmsCookies(): Promise<StoredCookie[]>;
  close(): Promise<void>;
}

/** Opens the shop page in a fresh session; `query` adds to the URL (e.g. `autorun=1`). */
export async function openShop(lab: Lab, browser: LabBrowser, note: string, query = ''): Promise<Shop> {
  const session = await browser.newSession();
  try {
    const page = await session.open(`${lab.shopUrl}?${query === '' ? '' : `${query}&`}note=${encodeURIComponent(note)}`);
    return {
      page,
      gmsCookies: async () => (await session.cookies()).filter((cookie) => cookie.domain === GMS_HOST || cookie.domain === `.${GMS_HOST}`),
      close: () => session.close(),
    };
  } catch (error) {
    await session.close();
    throw error;
  }
}

export function gmsFrame(page: LabPage, lab: Lab): ScriptTarget {
  const frame = page.frames().find((candidate) => candidate.url().startsWith(`${lab.gmsOrigin}/lab/widget.html`));
  if (frame === undefined) {
    throw new Error('the shop page has no gms.test iframe');
  }
  return frame;
}

export type WidgetPlace = 'the shop page' | 'a cross-site iframe from gms.test';
export const PLACES: WidgetPlace[] = ['the shop page', 'a cross-site iframe from gms.test'];

export async function widgetIn(place: WidgetPlace, page: LabPage, lab: Lab): Promise<WidgetDriver> {
  return WidgetDriver.attach(place === 'the shop page' ? page : gmsFrame(page, lab));
}

/** Runs CometD round trip and REST chat; returns what the edge saw meanwhile. */
export async function chatRoundTrips(widget: WidgetDriver, lab: Lab, label: string) {
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

/** Reported, not asserted: timings on a shared machine are noise, not a specification. */
export function reportTiming(what: string, startedAt: number): void {
  console.log(`${what}: ${Date.now() - startedAt} ms`);
}
