/**
 * `--browser`: the CometD chat in headless Chromium with third-party cookies blocked, from a
 * page this command serves under the embedding origin (Playwright answers the page's requests
 * itself, so no local server or certificate is needed for it) against the real edge.
 *
 * The recipe is the lab's (test/lab/browser.ts): Debian's Chromium through playwright-core, a
 * fresh profile whose `profile.cookie_controls_mode` is 1 (third-party cookies blocked), HOME and
 * TMPDIR in a temp dir. Certificates are checked: `--ca-file` goes into the profile's own NSS
 * database with certutil (libnss3-tools), which Chromium on Linux trusts
 * (https://chromium.googlesource.com/chromium/src/+/main/docs/linux/cert_management.md);
 * `--resolve` becomes `--host-resolver-rules` MAP entries (host name only: Chromium's rules
 * cannot tell ports apart).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VerifyContext, failed, passed } from './context';
import { describeError } from './http-client';
import type { CheckResult } from './types';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const QUICK_CONNECTS = 5;

interface PageOutcome {
  readonly ok: boolean;
  readonly steps: string[];
  readonly error?: string;
}

/** The page's script: Bayeux over fetch with credentials, as a widget on the embedding site does. */
function pageHtml(edgeBase: string): string {
  const script = `
const base = ${JSON.stringify(edgeBase)};
let id = 0;
async function bayeux(suffix, message) {
  const response = await fetch(base + '/genesys/cometd/' + suffix, {
    method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json;charset=UTF-8' },
    body: JSON.stringify([{ ...message, id: String(++id) }]),
  });
  if (response.status !== 200) throw new Error(message.channel + ' answered HTTP ' + response.status);
  const replies = await response.json();
  const reply = replies.find((candidate) => candidate.channel === message.channel);
  if (!reply) throw new Error(message.channel + ' got no Bayeux reply');
  return reply;
}
window.runChat = async () => {
  const steps = [];
  try {
    const handshake = await bayeux('handshake', { channel: '/meta/handshake', version: '1.0', minimumVersion: '1.0', supportedConnectionTypes: ['long-polling'] });
    if (!handshake.successful) throw new Error('/meta/handshake refused: ' + handshake.error);
    steps.push('handshake');
    for (let round = 1; round <= ${QUICK_CONNECTS}; round++) {
      const connect = await bayeux('connect', { channel: '/meta/connect', clientId: handshake.clientId, connectionType: 'long-polling', advice: { timeout: 0 } });
      if (!connect.successful) throw new Error('/meta/connect ' + round + ' refused: ' + connect.error + ' (the browser did not send back the cookies the session needs)');
      steps.push('connect ' + round);
    }
    await bayeux('disconnect', { channel: '/meta/disconnect', clientId: handshake.clientId }).catch(() => undefined);
    return { ok: true, steps };
  } catch (error) {
    return { ok: false, steps, error: String(error && error.message || error) };
  }
};`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>gms-edge verify</title></head><body><p>gms-edge verify: chat from a cross-site embedding page</p><script>${script}</script></body></html>`;
}

function registrableGuess(host: string): string {
  // Good enough to warn about an obviously same-site pair; the browser decides for real.
  return host.split('.').slice(-2).join('.');
}

function trustCa(home: string, caPem: string): void {
  const database = path.join(home, '.pki', 'nssdb');
  fs.mkdirSync(database, { recursive: true });
  const caFile = path.join(home, 'extra-ca.pem');
  fs.writeFileSync(caFile, caPem);
  try {
    execFileSync('certutil', ['-d', `sql:${database}`, '-N', '--empty-password'], { stdio: 'pipe' });
    execFileSync('certutil', ['-d', `sql:${database}`, '-A', '-t', 'C,,', '-n', 'gms-edge verify --ca-file', '-i', caFile], { stdio: 'pipe' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('--browser with --ca-file needs certutil to add the CA to the browser profile: apt-get install -y libnss3-tools', { cause: error });
    }
    throw error;
  }
}

export async function checkBrowser(context: VerifyContext): Promise<CheckResult> {
  const executablePath = context.options.chromiumPath ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  if (!fs.existsSync(executablePath)) {
    return failed('browser', `Chromium not found at ${executablePath}`, 'apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH)');
  }
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    return failed('browser', 'playwright-core is not installed', 'npm install --save-dev playwright-core (it drives the Chromium already installed; it downloads no browser)');
  }
  const embedding = new URL(context.options.embeddingOrigin);
  if (registrableGuess(embedding.hostname) === registrableGuess(context.edgeUrl.hostname)) {
    return failed('browser', `${embedding.hostname} and ${context.edgeUrl.hostname} look same-site, so the browser would treat the edge's cookies as first-party`, 'give an --embedding-origin on another site than the edge');
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gms-edge-verify-'));
  try {
    const userDataDir = path.join(home, 'profile');
    fs.mkdirSync(path.join(userDataDir, 'Default'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 1 } }));
    if (context.options.extraCaCertificates !== undefined) {
      trustCa(home, context.options.extraCaCertificates);
    }
    const rules = (context.options.resolve ?? []).map((entry) => `MAP ${entry.host} ${entry.address.includes(':') ? `[${entry.address}]` : entry.address}`);
    const browserContext = await playwright.chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        ...(rules.length === 0 ? [] : [`--host-resolver-rules=${rules.join(',')}`])],
      timeout: 30_000,
      // A test edge on a private or loopback address (--resolve) needs the Local Network Access
      // permission a visitor would be asked for; a public edge never asks for it.
      permissions: ['local-network-access'],
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache'), XDG_DATA_HOME: path.join(home, '.local'), TMPDIR: home },
    });
    try {
      const edgeBase = `${context.edgeUrl.origin}${context.edgeUrl.pathname.replace(/\/+$/, '')}`;
      await browserContext.route(`${embedding.origin}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: pageHtml(edgeBase) }));
      const page = browserContext.pages()[0] ?? await browserContext.newPage();
      const networkErrors: string[] = [];
      page.on('console', (message) => { if (process.env.GMS_VERIFY_DEBUG) { process.stderr.write(`console: ${message.text()}\n`); } });
      page.on('requestfailed', (request) => networkErrors.push(`${new URL(request.url()).pathname}: ${request.failure()?.errorText ?? 'failed'}`));
      await page.goto(`${embedding.origin}/`, { timeout: 20_000 });
      const outcome = await page.evaluate<PageOutcome>('window.runChat()');
      const cookies = await browserContext.cookies(context.edgeUrl.origin);
      const stored = cookies.map((cookie) => `${cookie.name}${cookie.partitionKey === undefined ? ' (unpartitioned)' : ''}`);
      const version = browserContext.browser()?.version() ?? '';
      const where = `Chromium ${version} with third-party cookies blocked, on ${embedding.origin}`;
      if (!outcome.ok) {
        const network = networkErrors.length === 0 ? '' : ` (network: ${[...new Set(networkErrors)].join(', ')})`;
        return failed('browser', `${where}: ${outcome.error}${network} after ${outcome.steps.join(', ') || 'nothing'}; cookies kept: ${stored.join(', ') || 'none'}`,
          'see the cookies and cors checks: the browser keeps only Partitioned, Secure, SameSite=None cookies and needs exact-origin CORS with credentials');
      }
      return passed('browser', `${where}: handshake and ${QUICK_CONNECTS} /meta/connect round trips ok; cookies kept: ${stored.join(', ') || 'none'}`);
    } finally {
      await browserContext.close();
    }
  } catch (error) {
    return failed('browser', `the browser run failed: ${describeError(error)}`, 'run with CHROMIUM_PATH set to a working Chromium; see the message');
  } finally {
    fs.rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}
