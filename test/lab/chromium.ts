/**
 * Debian's Chromium driven through playwright-core (never a downloaded browser), with a fresh
 * profile whose third-party-cookie setting is written explicitly: Debian's build blocks them by
 * default and Google's allows them, so the lab never relies on the default.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrowserContext, Cookie, Frame, Page, chromium } from 'playwright-core';
import { labPageOf } from './browser';
import type { BrowserMode, BrowserSession, LabBrowser, LaunchOptions, ScriptTarget, StoredCookie } from './browser';

/** Where the lab expects Chromium (the Debian package). Override with CHROMIUM_PATH. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_INSTALL_HINT = 'Install it with: apt-get update && apt-get install -y --no-install-recommends chromium '
  + '(or set CHROMIUM_PATH to a Chromium binary). The browser proof never downloads a browser and never skips.';

/** Third-party cookie setting of the profile: Chromium's `profile.cookie_controls_mode` (1 blocks, 0 allows). */
export type ThirdPartyCookies = 'blocked' | 'allowed';

/** The command-line switches the lab runs Chromium with (also printed by `npm run lab`). */
export function chromiumArgs(): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--host-resolver-rules=MAP *.test 127.0.0.1',
    '--ignore-certificate-errors',
  ];
}

/** The Chromium binary, or an Error that says how to install it. */
export function chromiumPath(): string {
  const executable = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
  if (!fs.existsSync(executable)) {
    throw new Error(`Chromium not found at ${executable}. ${CHROMIUM_INSTALL_HINT}`);
  }
  return executable;
}

/** Writes a profile with the third-party cookie setting into a new user-data-dir. */
export function writeProfile(userDataDir: string, thirdPartyCookies: ThirdPartyCookies): void {
  fs.mkdirSync(path.join(userDataDir, 'Default'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'Default', 'Preferences'), JSON.stringify({
    profile: { cookie_controls_mode: thirdPartyCookies === 'blocked' ? 1 : 0 },
  }));
}

function thirdPartyCookiesOf(mode: BrowserMode): ThirdPartyCookies {
  switch (mode.id) {
    case 'chromium-blocked':
      return 'blocked';
    case 'chromium-allowed':
      return 'allowed';
    default:
      throw new Error(`${mode.id} is not a Chromium mode`);
  }
}

function scriptTarget(target: Page | Frame): ScriptTarget {
  return {
    url: () => target.url(),
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg: A) => target.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown),
    async waitForValue<R>(fn: () => R | undefined, timeoutMs: number): Promise<R> {
      const handle = await target.waitForFunction(fn, undefined, { timeout: timeoutMs });
      return await handle.jsonValue() as R;
    },
  };
}

function storedCookie(cookie: Cookie): StoredCookie {
  return {
    name: cookie.name,
    value: cookie.value,
    domain: cookie.domain,
    path: cookie.path,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: cookie.sameSite,
    partitionKey: cookie.partitionKey,
  };
}

/** Launches headless Chromium in a Chromium mode with a fresh profile; close() also removes the temp directory. */
export async function launchChromium(mode: BrowserMode, options: LaunchOptions = {}): Promise<LabBrowser> {
  const executablePath = chromiumPath();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gms-lab-browser-'));
  const userDataDir = path.join(home, 'profile');
  writeProfile(userDataDir, thirdPartyCookiesOf(mode));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: options.headless ?? true,
      args: chromiumArgs(),
      viewport: { width: 1200, height: 640 },
      timeout: 30_000,
      // The lab's own signal handlers close the browser and then the servers, in that order.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache'), XDG_DATA_HOME: path.join(home, '.local'), TMPDIR: home },
    });
  } catch (error) {
    fs.rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    throw error;
  }
  let sessionOpen = false;
  return {
    mode,
    // The third-party cookie setting lives in the persistent profile, so a session is that one
    // context with its cookies cleared rather than a new (incognito) context.
    async newSession(): Promise<BrowserSession> {
      if (sessionOpen) {
        throw new Error('Chromium lab browser: close the previous session first (they share one persistent context)');
      }
      sessionOpen = true;
      await context.clearCookies();
      const pages: Page[] = [];
      return {
        async open(url) {
          const page = await context.newPage();
          pages.push(page);
          await page.goto(url, { waitUntil: 'load' });
          return labPageOf<Page | Frame>(page, scriptTarget);
        },
        cookies: async () => (await context.cookies()).map(storedCookie),
        async close() {
          await Promise.all(pages.map((page) => page.close()));
          sessionOpen = false;
        },
      };
    },
    async close() {
      await context.close();
      fs.rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
