/**
 * `npm run lab`: the browser lab for people. Synthesizes if the edge artifacts are missing,
 * starts the GMS stand-ins, the gms.test edge and the shop.test site, prints the URLs and the
 * Chromium command line, and logs per response which cookies went out and which came back.
 * Ctrl-C stops everything it started.
 *
 *   npm run lab -- [--edge aws-cloudfront-function|aws-lambda-edge|azure-application-gateway]
 *                  [--no-rewrite] [--drop-partitioned] [--browser blocked|allowed]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LabBrowser, chromiumArgs, launchLabBrowser, ThirdPartyCookies, writeProfile } from './browser';
import { EDGE_KINDS, EdgeKind } from './edge-profiles';
import { EdgeExchange } from './gms-edge-server';
import { Lab, startLab } from './lab';
import { PROJECT_ROOT, SYNTH_ARTIFACTS, missingSynthArtifacts } from './synthesized-edge';

interface CliOptions {
  readonly edge: EdgeKind;
  readonly rewrite: boolean;
  readonly dropPartitioned: boolean;
  readonly browser: ThirdPartyCookies | undefined;
}

const USAGE = `usage: npm run lab -- [--edge ${EDGE_KINDS.join('|')}] [--no-rewrite] [--drop-partitioned] [--browser blocked|allowed]`;

function parseArgs(argv: string[]): CliOptions {
  let edge: EdgeKind = 'aws-cloudfront-function';
  let rewrite = true;
  let dropPartitioned = false;
  let browser: ThirdPartyCookies | undefined;
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
        const mode = value();
        if (mode !== 'blocked' && mode !== 'allowed') {
          throw new Error(`--browser must be blocked or allowed; got ${mode}`);
        }
        browser = mode;
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

function printBanner(lab: Lab, options: CliOptions, profileDir: string): void {
  const args = chromiumArgs().filter((arg) => arg !== '--no-sandbox').map((arg) => (arg.includes(' ') ? `"${arg}"` : arg));
  console.log(`
GMS edge lab — ${lab.profile.description}
  shop page (widget top-level and in a gms.test iframe): ${lab.shopUrl}
  run both widgets at once:                              ${lab.shopUrl}?autorun=1
  GMS edge:                                              ${lab.gmsOrigin}
  GMS stand-in nodes:                                    ${lab.nodes.map((node) => `${node.name} ${node.url}`).join(', ')}
  lab CA certificate (or use --ignore-certificate-errors): ${lab.caCertificatePath}

Open it in Chromium with third-party cookies blocked (profile preference cookie_controls_mode=1,
already written into ${profileDir}):
  chromium --user-data-dir=${profileDir} ${args.join(' ')} '${lab.shopUrl}'
${options.browser === undefined ? 'Or let the lab drive a headless one: npm run lab -- --browser blocked\n' : ''}
Each response through the edge is logged below. Ctrl-C stops everything.
`);
}

/** Set once Ctrl-C (or SIGTERM) started the shutdown; later errors of the run are expected. */
let stopping = false;

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  synthesizeIfMissing(options.edge);
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gms-lab-profile-'));
  writeProfile(profileDir, 'blocked');
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
  let browser: LabBrowser | undefined;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.log(`\nlab: ${signal}, stopping …`);
    await browser?.close().catch(() => undefined);
    await lab.stop();
    fs.rmSync(profileDir, { recursive: true, force: true });
    console.log('lab: stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  printBanner(lab, options, profileDir);

  if (options.browser !== undefined) {
    browser = await launchLabBrowser(options.browser, { headless: process.env.DISPLAY === undefined });
    const page = browser.context.pages()[0] ?? await browser.context.newPage();
    await page.goto(`${lab.shopUrl}?autorun=1&note=${encodeURIComponent(`— Chromium, third-party cookies ${options.browser}`)}`);
    console.log(`lab: Chromium (third-party cookies ${options.browser}) opened the shop page and runs both widgets`);
    const outcome = async (target: typeof page | ReturnType<typeof page.mainFrame>): Promise<string> => {
      const handle = await target.waitForFunction(() => (window as unknown as { gmsLabResult?: unknown }).gmsLabResult, undefined, { timeout: 60_000 });
      return JSON.stringify(await handle.jsonValue());
    };
    console.log(`lab: shop page widget: ${await outcome(page)}`);
    const frame = page.frames().find((candidate) => candidate.url().startsWith(lab.gmsOrigin));
    if (frame !== undefined) {
      console.log(`lab: iframe widget:    ${await outcome(frame)}`);
    }
    for (const cookie of await browser.context.cookies()) {
      console.log(`lab: Chromium stored ${cookie.name} for ${cookie.domain}: ${cookie.partitionKey === undefined ? 'unpartitioned' : `partition key ${cookie.partitionKey}`}`);
    }
  }
}

main().catch((error: Error) => {
  if (stopping) {
    return; // the browser or a server went away under a step that was still running
  }
  console.error(`lab: ${error.message}`);
  process.exit(1);
});
