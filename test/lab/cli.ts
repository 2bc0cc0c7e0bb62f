/**
 * `npm run lab`: the browser lab for people. Synthesizes if the edge artifacts are missing,
 * starts the GMS stand-ins, the gms.test edge and the shop.test site, prints the URLs, the
 * Chromium command line and the Firefox profile to try it by hand, and logs per response which
 * cookies went out and which came back. Ctrl-C stops everything it started.
 *
 *   npm run lab -- [--edge aws-cloudfront-function|aws-lambda-edge|azure-application-gateway]
 *                  [--no-rewrite] [--drop-partitioned] [--browser <mode>]
 *   <mode>: chromium-blocked (or blocked), chromium-allowed (or allowed), firefox-opt-in,
 *           firefox-tcp, firefox-reject-foreign
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BROWSER_MODES, BrowserMode, BrowserModeId, LabBrowser, ScriptTarget, launchLabBrowser } from './browser';
import { chromiumArgs, writeProfile } from './chromium';
import { FIREFOX_LAB_PREFS, firefoxPrefs, writeFirefoxProfile } from './firefox';
import { EDGE_KINDS, EdgeKind } from './edge-profiles';
import { EdgeExchange } from './gms-edge-server';
import { Lab, startLab } from './lab';
import { PROJECT_ROOT, SYNTH_ARTIFACTS, missingSynthArtifacts } from './synthesized-edge';

interface CliOptions {
  readonly edge: EdgeKind;
  readonly rewrite: boolean;
  readonly dropPartitioned: boolean;
  readonly browser: BrowserMode | undefined;
}

const MODE_IDS = Object.keys(BROWSER_MODES) as BrowserModeId[];
/** The names `--browser` took before Firefox joined. */
const MODE_ALIASES: Record<string, BrowserModeId> = { blocked: 'chromium-blocked', allowed: 'chromium-allowed' };
const USAGE = `usage: npm run lab -- [--edge ${EDGE_KINDS.join('|')}] [--no-rewrite] [--drop-partitioned] [--browser ${MODE_IDS.join('|')}]`;

function parseArgs(argv: string[]): CliOptions {
  let edge: EdgeKind = 'aws-cloudfront-function';
  let rewrite = true;
  let dropPartitioned = false;
  let browser: BrowserMode | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inlineValue] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const next = inlineValue ?? argv[++i];
      if (next === undefined) {
        throw new Error(`${flag} needs a value. ${USAGE}`);
      }
      return next;
    };
    switch (flag) {
      case '--edge': {
        const kind = value();
        if (!(EDGE_KINDS as readonly string[]).includes(kind)) {
          throw new Error(`--edge must be one of ${EDGE_KINDS.join(', ')}; got ${kind}`);
        }
        edge = kind as EdgeKind;
        break;
      }
      case '--no-rewrite':
        rewrite = false;
        break;
      case '--drop-partitioned':
        dropPartitioned = true;
        break;
      case '--browser': {
        const given = value();
        const id = MODE_ALIASES[given] ?? given;
        if (!(MODE_IDS as string[]).includes(id)) {
          throw new Error(`--browser must be one of ${MODE_IDS.join(', ')}; got ${given}`);
        }
        browser = BROWSER_MODES[id];
        break;
      }
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}. ${USAGE}`);
    }
  }
  return { edge, rewrite, dropPartitioned, browser };
}

/** Runs `npm run synth:aws` / `synth:azure` for the artifacts this edge needs, if missing. */
function synthesizeIfMissing(edge: EdgeKind): void {
  const needed = edge === 'azure-application-gateway' ? [SYNTH_ARTIFACTS.terraformJson] : [SYNTH_ARTIFACTS.cloudFrontTemplate, SYNTH_ARTIFACTS.lambdaEdgeTemplate];
  const missing = missingSynthArtifacts().filter((artifact) => (needed as string[]).includes(artifact));
  if (missing.length === 0) {
    return;
  }
  const script = edge === 'azure-application-gateway' ? 'synth:azure' : 'synth:aws';
  console.log(`lab: ${missing.join(', ')} missing; running npm run ${script} …`);
  const result = spawnSync('npm', ['run', script], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`npm run ${script} failed (exit ${result.status ?? result.signal}); the lab needs its output`);
  }
}

const colour = process.stdout.isTTY
  ? { green: (t: string) => `\x1b[32m${t}\x1b[0m`, red: (t: string) => `\x1b[31m${t}\x1b[0m`, dim: (t: string) => `\x1b[2m${t}\x1b[0m` }
  : { green: (t: string) => t, red: (t: string) => t, dim: (t: string) => t };

/** One response, in a line or a few: where it went, what cookies came in and went out. */
function describeExchange(exchange: EdgeExchange): string {
  if (exchange.method === 'OPTIONS') {
    return colour.dim(`#${exchange.id} OPTIONS ${exchange.path} → ${exchange.node ?? 'balancer'} ${exchange.statusCode} (CORS preflight, no cookies)`);
  }
  const destination = exchange.generatedByBalancer ? `${exchange.target ?? 'no healthy node'} ✘ unreachable` : exchange.node;
  const lines = [`#${exchange.id} ${exchange.method} ${exchange.path} → ${destination}${exchange.stuck ? ' (sticky)' : ''} ${exchange.statusCode}${exchange.generatedByBalancer ? ' from the balancer' : ''}`];
  const came = exchange.requestCookies.map((cookie) => {
    if (!cookie.setByEdge) {
      return `${cookie.name} (not set by this edge)`;
    }
    return cookie.setPartitioned ? colour.green(`${cookie.name} ✔ came back, partitioned`) : `${cookie.name} came back, unpartitioned`;
  });
  lines.push(`    cookies in : ${came.length > 0 ? came.join(', ') : colour.red('none')}`);
  if (exchange.setCookiesToBrowser.length > 0) {
    const sent = exchange.setCookiesToBrowser.map((cookie) => (cookie.partitioned ? colour.green(`${cookie.name} [Partitioned]`) : colour.red(`${cookie.name} [NOT partitioned]`)));
    lines.push(`    cookies out: ${sent.join(', ')}`);
  }
  const error = /"error":"([^"]+)"/.exec(exchange.responseBody);
  if (error !== null) {
    lines.push(colour.red(`    CometD error: ${error[1]}`));
  }
  return lines.join('\n');
}

/** Where the profiles for trying it by hand are, and whether Firefox's trusts the lab CA. */
interface HandProfiles {
  readonly chromium: string;
  readonly firefox: string;
  readonly firefoxTrustsLabCa: boolean;
}

function printBanner(lab: Lab, options: CliOptions, profiles: HandProfiles): void {
  const args = chromiumArgs().filter((arg) => arg !== '--no-sandbox').map((arg) => (arg.includes(' ') ? `"${arg}"` : arg));
  const optIn = BROWSER_MODES['firefox-opt-in'];
  const prefLines = Object.entries({ ...firefoxPrefs(optIn), ...FIREFOX_LAB_PREFS }).map(([name, value]) => `    ${name} = ${String(value)}`);
  const certificate = profiles.firefoxTrustsLabCa
    ? 'The lab CA is already trusted in that profile (imported with certutil).'
    : `Firefox has no switch to ignore certificate errors: open ${lab.gmsOrigin}/lab/widget.html and the shop
  page once each and accept the warning (or apt-get install libnss3-tools and start the lab again to
  have the CA imported into the profile).`;
  console.log(`
GMS edge lab — ${lab.profile.description}
  shop page (widget top-level and in a gms.test iframe): ${lab.shopUrl}
  run both widgets at once:                              ${lab.shopUrl}?autorun=1
  GMS edge:                                              ${lab.gmsOrigin}
  GMS stand-in nodes:                                    ${lab.nodes.map((node) => `${node.name} ${node.url}`).join(', ')}
  lab CA certificate (or use --ignore-certificate-errors): ${lab.caCertificatePath}

Open it in Chromium with third-party cookies blocked (profile preference cookie_controls_mode=1,
already written into ${profiles.chromium}):
  chromium --user-data-dir=${profiles.chromium} ${args.join(' ')} '${lab.shopUrl}'

Or in Firefox with opt-in partitioning, the mode where the rewrite decides (the preferences are
already in the user.js of ${profiles.firefox}):
  firefox-esr -no-remote -profile ${profiles.firefox} '${lab.shopUrl}'
${prefLines.join('\n')}
  ${certificate}
  In a profile of your own, set the first three in about:config and map the hosts in /etc/hosts
  (127.0.0.1 shop.test gms.test) instead: network.dns.forceResolve sends every host name to
  127.0.0.1. With cookieBehavior 5 alone (Firefox's default) the chat works even with --no-rewrite,
  since Firefox partitions third-party cookies itself; with 1 it fails even with the rewrite.
${options.browser === undefined ? `Or let the lab drive a headless one: npm run lab -- --browser ${MODE_IDS.join('|')}\n` : ''}
Each response through the edge is logged below. Ctrl-C stops everything.
`);
}

/** Set once Ctrl-C (or SIGTERM) started the shutdown; later errors of the run are expected. */
let stopping = false;

/** Opens the shop page with both widgets running in the lab's own browser and prints the outcome. */
async function driveBrowser(lab: Lab, browser: LabBrowser): Promise<void> {
  const session = await browser.newSession();
  const page = await session.open(`${lab.shopUrl}?autorun=1&note=${encodeURIComponent(`— ${browser.mode.description}`)}`);
  console.log(`lab: ${browser.mode.description} opened the shop page and runs both widgets`);
  const outcome = async (target: ScriptTarget): Promise<string> => JSON.stringify(
    await target.waitForValue(() => (window as unknown as { gmsLabResult?: unknown }).gmsLabResult, 60_000),
  );
  console.log(`lab: shop page widget: ${await outcome(page)}`);
  const frame = page.frames().find((candidate) => candidate.url().startsWith(lab.gmsOrigin));
  if (frame !== undefined) {
    console.log(`lab: iframe widget:    ${await outcome(frame)}`);
  }
  for (const cookie of await session.cookies()) {
    console.log(`lab: ${browser.mode.engine} stored ${cookie.name} for ${cookie.domain}: ${cookie.partitionKey === undefined ? 'unpartitioned' : `partition key ${cookie.partitionKey}`}`);
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  synthesizeIfMissing(options.edge);
  const handDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gms-lab-profile-'));
  const chromiumProfile = path.join(handDir, 'chromium');
  writeProfile(chromiumProfile, 'blocked');
  const lab = await startLab({
    edge: options.edge,
    rewrite: options.rewrite,
    dropPartitioned: options.dropPartitioned,
    healthCheckIntervalMs: 1_000,
    onExchange: (exchange) => {
      if (!stopping) {
        console.log(describeExchange(exchange));
      }
    },
  });
  const firefoxProfile = path.join(handDir, 'firefox');
  const { caTrusted } = writeFirefoxProfile(firefoxProfile, BROWSER_MODES['firefox-opt-in'], lab.caCertificatePath);
  let browser: LabBrowser | undefined;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.log(`\nlab: ${signal}, stopping …`);
    await browser?.close().catch(() => undefined);
    await lab.stop();
    fs.rmSync(handDir, { recursive: true, force: true });
    console.log('lab: stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  printBanner(lab, options, { chromium: chromiumProfile, firefox: firefoxProfile, firefoxTrustsLabCa: caTrusted });

  if (options.browser !== undefined) {
    browser = await launchLabBrowser(options.browser, { headless: process.env.DISPLAY === undefined });
    await driveBrowser(lab, browser);
  }
}

main().catch((error: Error) => {
  if (stopping) {
    return; // the browser or a server went away under a step that was still running
  }
  console.error(`lab: ${error.message}`);
  process.exit(1);
});
