/**
 * The browser-driver abstraction of the browser proof: one scenario list drives Chromium
 * (playwright-core, CDP) and Firefox (puppeteer-core, WebDriver BiDi) through these interfaces,
 * so a scenario written once runs in every engine. Each engine has several cookie modes; the
 * proof runs every scenario in each engine's strict mode, the one where the Set-Cookie rewrite is
 * what makes the chat work (`PROOF_BROWSER_MODES`).
 */
import { chromiumPath, launchChromium } from './chromium';
import { firefoxPath, launchFirefox } from './firefox';

export type BrowserEngine = 'chromium' | 'firefox';

export type BrowserModeId =
  | 'chromium-blocked'
  | 'chromium-allowed'
  | 'firefox-opt-in'
  | 'firefox-tcp'
  | 'firefox-reject-foreign';

/** An engine with its cookie settings written explicitly (never the build's default). */
export interface BrowserMode {
  readonly id: BrowserModeId;
  readonly engine: BrowserEngine;
  /** For test names and the lab's banner, e.g. "Chromium with third-party cookies blocked". */
  readonly description: string;
  /** The settings, as a person would set them by hand. */
  readonly settings: readonly string[];
  /** Whether, in this mode, the chat works with the rewrite and fails without it. */
  readonly rewriteDecides: boolean;
}

export const BROWSER_MODES: Readonly<Record<BrowserModeId, BrowserMode>> = {
  'chromium-blocked': {
    id: 'chromium-blocked',
    engine: 'chromium',
    description: 'Chromium with third-party cookies blocked',
    settings: ['profile preference profile.cookie_controls_mode = 1 (Settings › Privacy › Third-party cookies › Block)'],
    rewriteDecides: true,
  },
  'chromium-allowed': {
    id: 'chromium-allowed',
    engine: 'chromium',
    description: 'Chromium with third-party cookies allowed',
    settings: ['profile preference profile.cookie_controls_mode = 0'],
    rewriteDecides: false,
  },
  'firefox-opt-in': {
    id: 'firefox-opt-in',
    engine: 'firefox',
    description: 'Firefox with opt-in partitioning (cookieBehavior 5 + optInPartitioning)',
    settings: [
      'network.cookie.cookieBehavior = 5',
      'network.cookie.cookieBehavior.optInPartitioning = true',
      'browser.contentblocking.category = custom',
    ],
    rewriteDecides: true,
  },
  'firefox-tcp': {
    id: 'firefox-tcp',
    engine: 'firefox',
    description: 'Firefox with Total Cookie Protection alone (cookieBehavior 5)',
    settings: ['network.cookie.cookieBehavior = 5', 'browser.contentblocking.category = custom'],
    rewriteDecides: false,
  },
  'firefox-reject-foreign': {
    id: 'firefox-reject-foreign',
    engine: 'firefox',
    description: 'Firefox blocking all third-party cookies (cookieBehavior 1)',
    settings: ['network.cookie.cookieBehavior = 1', 'browser.contentblocking.category = custom'],
    rewriteDecides: false,
  },
};

/** The browsers every scenario of the proof runs in: each engine's mode where the rewrite decides. */
export const PROOF_BROWSER_MODES: readonly BrowserMode[] = [BROWSER_MODES['chromium-blocked'], BROWSER_MODES['firefox-opt-in']];

/** A cookie as the browser stored it, the same shape for every engine. */
export interface StoredCookie {
  readonly name: string;
  readonly value: string;
  /** As the browser reports it: `gms.test`, or `.gms.test` for a Domain cookie. */
  readonly domain: string;
  readonly path: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  /** `Default` where the engine reports a cookie set without SameSite as such (Firefox). */
  readonly sameSite: 'Strict' | 'Lax' | 'None' | 'Default';
  /** The top-level site the cookie is partitioned under (`https://shop.test`); undefined if unpartitioned. */
  readonly partitionKey: string | undefined;
}

/** A document the widget runs in: a page's main frame or an iframe. */
export interface ScriptTarget {
  url(): string;
  /** Runs `fn(arg)` in the document; `fn` is serialized, so it may use only its argument. */
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Polls `fn` in the document until it returns a truthy value, and resolves with that value. */
  waitForValue<R>(fn: () => R | undefined, timeoutMs: number): Promise<R>;
}

/** A tab. */
export interface LabPage extends ScriptTarget {
  /** The main frame and every iframe. */
  frames(): ScriptTarget[];
  screenshot(file: string): Promise<void>;
  close(): Promise<void>;
}

/** What both drivers' pages (Playwright's and Puppeteer's) offer for a {@link LabPage}. */
export interface DriverPage<Target> {
  frames(): Target[];
  screenshot(options: { path: string; fullPage: boolean }): Promise<unknown>;
  close(): Promise<void>;
}

/** A {@link LabPage} over a driver's page, given how that driver reaches a document's scripts. */
export function labPageOf<Target>(page: DriverPage<Target> & Target, scriptTarget: (target: Target) => ScriptTarget): LabPage {
  return {
    ...scriptTarget(page),
    frames: () => page.frames().map(scriptTarget),
    screenshot: async (file) => {
      await page.screenshot({ path: file, fullPage: true });
    },
    close: () => page.close(),
  };
}

/** A cookie jar of its own: a case starts with no cookies. */
export interface BrowserSession {
  /** Opens `url` in a new tab and waits for its load event. */
  open(url: string): Promise<LabPage>;
  /** Every cookie the session stored, with the partition it is stored under. */
  cookies(): Promise<StoredCookie[]>;
  close(): Promise<void>;
}

/** A running browser in one mode. Launching is slow (Firefox: seconds); a session is cheap. */
export interface LabBrowser {
  readonly mode: BrowserMode;
  /** One session at a time (Chromium reuses its one persistent context, cleared). */
  newSession(): Promise<BrowserSession>;
  /** Closes the browser and removes its temp directory. */
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** @default true */
  readonly headless?: boolean;
  /**
   * The top-level sites whose partitions `cookies()` reads: Firefox's BiDi reads one partition
   * per site asked for (Chromium reports every cookie's partition itself).
   * @default the lab's sites, `https://shop.test` and `https://gms.test`
   */
  readonly topLevelSites?: readonly string[];
}

/** The browser binary of the mode's engine, or an Error that says how to install it. */
export function browserPath(engine: BrowserEngine): string {
  return engine === 'chromium' ? chromiumPath() : firefoxPath();
}

/** Launches a fresh browser, with a fresh profile, in `mode`. */
export function launchLabBrowser(mode: BrowserMode, options: LaunchOptions = {}): Promise<LabBrowser> {
  return mode.engine === 'chromium' ? launchChromium(mode, options) : launchFirefox(mode, options);
}
