/**
 * Debian's Firefox ESR driven through puppeteer-core over WebDriver BiDi (no geckodriver, never a
 * downloaded browser), with a fresh profile whose cookie preferences are written explicitly:
 * which third-party cookies Firefox keeps depends on `network.cookie.cookieBehavior` and
 * `…optInPartitioning`, and the content-blocking category would otherwise overwrite them.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import puppeteer, { Browser, BrowserContext, Frame, Page } from 'puppeteer-core';
// puppeteer-core's public Cookie type has no partition for Firefox, so the session reads
// cookies with BiDi's storage.getCookies itself, through the connection puppeteer already holds
// (the version is pinned exactly; these are its own typings).
import type { BidiBrowser } from 'puppeteer-core/lib/cjs/puppeteer/bidi/Browser';
import type { BidiBrowserContext } from 'puppeteer-core/lib/cjs/puppeteer/bidi/BrowserContext';
import { labPageOf } from './browser';
import type { BrowserMode, BrowserSession, LabBrowser, LaunchOptions, ScriptTarget, StoredCookie } from './browser';
import { GMS_HOST, SHOP_HOST } from './lab';

/** Where the lab expects Firefox (Debian's firefox-esr). Override with FIREFOX_PATH. */
export const DEFAULT_FIREFOX_PATH = '/usr/bin/firefox-esr';

export const FIREFOX_INSTALL_HINT = 'Install it with: apt-get update && apt-get install -y --no-install-recommends firefox-esr '
  + '(or set FIREFOX_PATH to a Firefox binary). The browser proof never downloads a browser and never skips.';

/** The Firefox binary, or an Error that says how to install it. */
export function firefoxPath(): string {
  const executable = process.env.FIREFOX_PATH ?? DEFAULT_FIREFOX_PATH;
  if (!fs.existsSync(executable)) {
    throw new Error(`Firefox not found at ${executable}. ${FIREFOX_INSTALL_HINT}`);
  }
  return executable;
}

/**
 * The preferences of a Firefox mode (also printed by `npm run lab`). `cookieBehavior` 5 is Total
 * Cookie Protection (BEHAVIOR_PARTITION_FOREIGN, Firefox's default), 1 rejects every third-party
 * cookie (BEHAVIOR_REJECT_FOREIGN): https://www.mail-archive.com/dev-platform@mozilla.org/msg01812.html.
 * `browser.contentblocking.category` = `custom` keeps Firefox from resetting them to its
 * "standard" category, whose features puppeteer's default prefs set to `cookieBehavior0`.
 */
export function firefoxPrefs(mode: BrowserMode): Record<string, string | number | boolean> {
  const cookies: Record<string, [behavior: number, optInPartitioning: boolean]> = {
    'firefox-opt-in': [5, true],
    'firefox-tcp': [5, false],
    'firefox-reject-foreign': [1, false],
  };
  const setting = cookies[mode.id];
  if (setting === undefined) {
    throw new Error(`${mode.id} is not a Firefox mode`);
  }
  return {
    'browser.contentblocking.category': 'custom',
    'network.cookie.cookieBehavior': setting[0],
    'network.cookie.cookieBehavior.optInPartitioning': setting[1],
  };
}

/** What the lab adds for its own hosts: every name resolves to loopback (the lab maps *.test there). */
export const FIREFOX_LAB_PREFS = { 'network.dns.forceResolve': '127.0.0.1' } as const;

/** A user.js that sets `prefs`. */
export function userJs(prefs: Record<string, string | number | boolean>): string {
  return Object.entries(prefs).map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});\n`).join('');
}

/**
 * A profile to try the lab by hand (`firefox-esr -no-remote -profile <dir>`): the mode's prefs
 * and the lab's host mapping in its user.js and, where NSS's certutil is installed
 * (libnss3-tools), the lab CA in its certificate database. Firefox has no switch to ignore
 * certificate errors, so without certutil the person accepts the warning once per host.
 */
export function writeFirefoxProfile(profileDir: string, mode: BrowserMode, caCertificatePath: string): { caTrusted: boolean } {
  fs.mkdirSync(profileDir, { recursive: true });
  fs.writeFileSync(path.join(profileDir, 'user.js'), userJs({ ...firefoxPrefs(mode), ...FIREFOX_LAB_PREFS }));
  const database = `sql:${profileDir}`;
  const certutil = (args: string[]) => spawnSync('certutil', ['-d', database, ...args], { stdio: 'ignore', timeout: 20_000 });
  const created = certutil(['-N', '--empty-password']);
  if (created.error !== undefined || created.status !== 0) {
    return { caTrusted: false };
  }
  const added = certutil(['-A', '-n', 'GMS edge lab CA (throwaway)', '-t', 'C,,', '-i', caCertificatePath]);
  return { caTrusted: added.error === undefined && added.status === 0 };
}

function scriptTarget(target: Page | Frame): ScriptTarget {
  return {
    url: () => target.url(),
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg: A) => target.evaluate(fn as (arg: unknown) => unknown, arg) as Promise<R>,
    async waitForValue<R>(fn: () => R | undefined, timeoutMs: number): Promise<R> {
      const handle = await target.waitForFunction(fn, { timeout: timeoutMs, polling: 100 });
      return await handle.jsonValue() as R;
    },
  };
}

type BidiCookie = Awaited<ReturnType<BidiBrowserContext['userContext']['getCookies']>>[number];

function sameSiteOf(cookie: BidiCookie): StoredCookie['sameSite'] {
  switch (cookie.sameSite as string) {
    case 'strict':
      return 'Strict';
    case 'lax':
      return 'Lax';
    case 'none':
      return 'None';
    default:
      return 'Default';
  }
}

function storedCookie(cookie: BidiCookie, partitionKey: string | undefined): StoredCookie {
  return {
    name: cookie.name,
    value: cookie.value.type === 'string' ? cookie.value.value : Buffer.from(cookie.value.value, 'base64').toString('latin1'),
    domain: cookie.domain,
    path: cookie.path,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: sameSiteOf(cookie),
    partitionKey,
  };
}

const sameCookie = (a: BidiCookie, b: BidiCookie): boolean => a.name === b.name && a.domain === b.domain && a.path === b.path && a.value.value === b.value.value;

/** Whether `domain` (a cookie's, maybe with a leading dot) is `host` or a subdomain of it. */
function domainOf(host: string, domain: string): boolean {
  const bare = domain.replace(/^\./, '');
  return bare === host || bare.endsWith(`.${host}`);
}

/**
 * Every cookie of a user context, each with the partition it is stored under. BiDi's
 * storage.getCookies with a storageKey `sourceOrigin` answers the cookies partitioned under that
 * site and, mixed in, the site's own unpartitioned ones; without one it answers every cookie of
 * the user context (Firefox 153's remote agent, storage.sys.mjs #getTheCookieStore). So a cookie
 * for another host found under `site` is partitioned there; one found under no site asked for is
 * unpartitioned (or partitioned under its own site, which the two replies cannot tell apart).
 */
async function cookiesOf(browser: BidiBrowser, userContext: string, topLevelSites: readonly string[]): Promise<StoredCookie[]> {
  const read = async (sourceOrigin?: string) => (await browser.connection.send('storage.getCookies', {
    partition: { type: 'storageKey', userContext, ...(sourceOrigin === undefined ? {} : { sourceOrigin }) },
  })).result;
  const all = (await read()).cookies;
  const partitionOf = new Map<BidiCookie, string>();
  for (const site of topLevelSites) {
    const reply = await read(site);
    // The reply names the partition Firefox read; it must be the one asked for.
    if (reply.partitionKey.sourceOrigin !== site) {
      throw new Error(`storage.getCookies for ${site} answered for partition ${JSON.stringify(reply.partitionKey)}`);
    }
    const host = new URL(site).hostname;
    for (const cookie of reply.cookies.filter((candidate) => !domainOf(host, candidate.domain))) {
      const stored = all.find((candidate) => sameCookie(candidate, cookie) && !partitionOf.has(candidate));
      if (stored !== undefined) {
        partitionOf.set(stored, site);
      }
    }
  }
  return all.map((cookie) => storedCookie(cookie, partitionOf.get(cookie)));
}

/** Launches headless Firefox in a Firefox mode with a fresh profile; close() also removes the temp directory. */
export async function launchFirefox(mode: BrowserMode, options: LaunchOptions = {}): Promise<LabBrowser> {
  const executablePath = firefoxPath();
  const prefs = { ...firefoxPrefs(mode), ...FIREFOX_LAB_PREFS };
  const topLevelSites = options.topLevelSites ?? [`https://${SHOP_HOST}`, `https://${GMS_HOST}`];
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gms-lab-firefox-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: options.headless ?? true,
      // The lab's certificates come from a throwaway CA (the BiDi session capability).
      acceptInsecureCerts: true,
      userDataDir: path.join(home, 'profile'),
      extraPrefsFirefox: prefs,
      defaultViewport: { width: 1200, height: 640 },
      timeout: 60_000,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache'), XDG_DATA_HOME: path.join(home, '.local'), TMPDIR: home },
    });
  } catch (error) {
    fs.rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    throw error;
  }
  // puppeteer 24 drives Firefox over BiDi only; the guard names it should that ever change. (The
  // public type bundle and the internal typings declare the same classes twice, hence `unknown`.)
  const bidi = browser as unknown as BidiBrowser;
  if (bidi.protocol !== 'webDriverBiDi') {
    await browser.close();
    throw new Error(`puppeteer drove Firefox over ${String(bidi.protocol)}; the lab reads partitioned cookies over WebDriver BiDi`);
  }
  return {
    mode,
    // A BiDi user context (a Firefox container) has its own cookie jar, so a session is a new
    // one: isolation without restarting Firefox. The preferences apply to every user context.
    async newSession(): Promise<BrowserSession> {
      const context: BrowserContext = await browser.createBrowserContext();
      const userContext = (context as unknown as BidiBrowserContext).userContext.id;
      return {
        async open(url) {
          const page = await context.newPage();
          await page.goto(url, { waitUntil: 'load' });
          return labPageOf<Page | Frame>(page, scriptTarget);
        },
        cookies: () => cookiesOf(bidi, userContext, topLevelSites),
        close: () => context.close(),
      };
    },
    async close() {
      await browser.close();
      fs.rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
