/**
 * `npm run bench`: what the generated CloudFront Function costs per response, counted in machine
 * instructions with callgrind (repeatable, unlike wall time on a shared machine), in njs (Debian's
 * `njs`, an ES5-era interpreter like CloudFront's) and in Node, side by side with two baselines:
 * a naive append of `; Partitioned` and a minimal regex rewrite that adds only the CHIPS
 * attributes. Also the bytes of each function and the memory one call leaves behind in njs (which
 * has no garbage collector; CloudFront Functions get 2 MB). A benchmark, not a test: it prints
 * numbers and ratios against the targets and asserts nothing.
 *
 * Method: each variant runs in its own process as one script (function source + a loop over
 * fresh events); callgrind counts the whole process twice, at two iteration counts, and the
 * difference divided by the extra iterations is the cost per iteration. The same loop around a
 * handler that returns at once is subtracted, which leaves the handler's own cost.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cloudFrontFunctionCode, lambdaEdgeHandlerCode } from '../../lib';
import { REAL_COOKIES } from '../cookie/cases';
import { toCloudFrontCookies } from '../support/edge-runtime';

/** A typical GMS CometD handshake response. */
const HANDSHAKE = [
  'BAYEUX_BROWSER=9f2b6c0d41e8a7735b1c2d3e4f5061728394a5b6; HttpOnly',
  'AWSALB=uPbPb1TV7wI5TPO3XBxl6nGxlxaFh0LDtKNx4tvCaYXIIiakXsEB1R3p7xEnE2DHKq1EOwLRaKGUGR9Y1mMq8RSLoDAuMgFbRdKCj+rCc3xsh/R0GKvZ/oBYe7Ia; Expires=Tue, 01 Dec 2026 10:00:00 GMT; Path=/',
  'AWSALBCORS=uPbPb1TV7wI5TPO3XBxl6nGxlxaFh0LDtKNx4tvCaYXIIiakXsEB1R3p7xEnE2DHKq1EOwLRaKGUGR9Y1mMq8RSLoDAuMgFbRdKCj+rCc3xsh/R0GKvZ/oBYe7Ia; Expires=Tue, 01 Dec 2026 10:00:00 GMT; Path=/; SameSite=None; Secure',
];

/** Ten distinct cookies: the real GMS and balancer cookies of the shared cases, plus an application session. */
const TEN_COOKIES = [
  ...REAL_COOKIES.map((entry) => entry.input).filter((header, index, all) => all.findIndex((other) => other.split('=')[0] === header.split('=')[0]) === index),
  'sid=a%3Db==; Domain=.example.com; Max-Age=3600; Expires=Tue, 01 Dec 2026 10:00:00 GMT; Priority=High',
];

/** Baseline: append `; Partitioned` where it is missing (adds neither Secure nor SameSite=None). */
const NAIVE = `function handler(event) {
  var cookies = event.response.cookies;
  for (var name in cookies) {
    var cookie = cookies[name];
    if ((cookie.attributes || '').indexOf('Partitioned') < 0) {
      cookie.attributes = cookie.attributes ? cookie.attributes + '; Partitioned' : 'Partitioned';
    }
  }
  return event.response;
}`;

/**
 * Baseline: a minimal regex rewrite that adds only the CHIPS attributes (SameSite=None, Secure,
 * Partitioned), ignoring multiValue, control characters, size limits and the policy.
 */
const MINIMAL_REGEX = `var SAME_SITE = /samesite=[^;]*/i;
var SECURE = /(^|;)[ \\t]*secure[ \\t]*(;|$)/i;
var PARTITIONED = /(^|;)[ \\t]*partitioned[ \\t]*(;|$)/i;
function handler(event) {
  var cookies = event.response.cookies;
  for (var name in cookies) {
    var cookie = cookies[name];
    var attributes = cookie.attributes || '';
    attributes = SAME_SITE.test(attributes) ? attributes.replace(SAME_SITE, 'SameSite=None') : attributes + '; SameSite=None';
    if (!SECURE.test(attributes)) {
      attributes += '; Secure';
    }
    if (!PARTITIONED.test(attributes)) {
      attributes += '; Partitioned';
    }
    cookie.attributes = attributes;
  }
  return event.response;
}`;

const NOOP = 'function handler(event) { return event.response; }';

type Engine = 'njs' | 'node';

/** njs grows its heap in 8 KB clusters: the memory a call leaves is averaged over this many calls. */
const MEMORY_CALLS = 50;

/** `BENCH_ENGINES=njs npm run bench` skips Node, whose runs under callgrind take most of the time. */
const ENGINES: Engine[] = (process.env.BENCH_ENGINES ?? 'njs,node').split(',').filter((engine): engine is Engine => engine === 'njs' || engine === 'node');

/** One script: the function, then `iterations` calls on fresh copies of the response's cookies. */
function script(code: string, setCookies: string[], iterations: number, engine: Engine, reportMemory = false): string {
  const cookies = JSON.stringify(JSON.stringify(toCloudFrontCookies(setCookies)));
  return `${code}
;(function () {
  var template = ${cookies};
  var events = [];
  for (var i = 0; i < ${iterations}; i++) {
    events.push({ response: { statusCode: 200, headers: {}, cookies: JSON.parse(template) } });
  }
  ${reportMemory && engine === 'njs' ? `handler(events.pop()); var before = njs.memoryStats.size; for (var k = 0; k < ${MEMORY_CALLS}; k++) { handler(events.pop()); } console.log((njs.memoryStats.size - before) / ${MEMORY_CALLS});` : ''}
  for (var j = 0; j < events.length; j++) {
    handler(events[j]);
  }
})();
`;
}

const WORK_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'gms-edge-bench-'));

function run(engine: Engine, file: string, valgrind: boolean): string {
  // Node without V8's helper threads (concurrent JIT and GC): callgrind counts every thread, and
  // their share varies run to run.
  const command = engine === 'njs' ? ['njs', file] : [process.execPath, '--single-threaded', file];
  const args = valgrind ? ['--tool=callgrind', `--callgrind-out-file=${path.join(WORK_DIR, 'callgrind.out')}`, ...command] : command.slice(1);
  const result = spawnSync(valgrind ? 'valgrind' : command[0], args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${engine} failed on ${file}: ${result.stderr}`);
  }
  return valgrind ? result.stderr : result.stdout;
}

function instructions(engine: Engine, code: string, setCookies: string[], iterations: number): number {
  const file = path.join(WORK_DIR, `${engine}-${iterations}.js`);
  fs.writeFileSync(file, script(code, setCookies, iterations, engine));
  const match = /Collected : (\d+)/.exec(run(engine, file, true));
  if (!match) {
    throw new Error('callgrind reported no instruction count');
  }
  return Number(match[1]);
}

/** The loop around the handler, per iteration: measured once per engine and response. */
const loopCost = new Map<string, number>();

/** Instructions per call of the handler, the event loop around it subtracted. */
function perCall(engine: Engine, code: string, setCookies: string[]): number {
  // Node's own start-up is most of a run under callgrind; the JIT has warmed up well before `low`.
  const [low, high] = engine === 'njs' ? [20, 220] : [1_000, 3_000];
  const cost = (source: string) => (instructions(engine, source, setCookies, high) - instructions(engine, source, setCookies, low)) / (high - low);
  const key = `${engine}\n${setCookies.join('\n')}`;
  if (!loopCost.has(key)) {
    loopCost.set(key, cost(NOOP));
  }
  return cost(code) - loopCost.get(key)!;
}

function memoryLeft(code: string, setCookies: string[]): number {
  const file = path.join(WORK_DIR, 'memory.js');
  fs.writeFileSync(file, script(code, setCookies, MEMORY_CALLS + 1, 'njs', true));
  return Number(run('njs', file, false).trim());
}

/** Installs njs and valgrind with apt when missing and allowed (root), or says what to run. */
function ensureTools(): void {
  const missing = ['njs', 'valgrind'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (missing.length === 0) {
    return;
  }
  const install = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`npm run bench needs ${missing.join(' and ')}; run as root: ${install}`);
  }
  console.log(`Installing ${missing.join(', ')}: ${install}`);
  execFileSync('sh', ['-c', install], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function main(): void {
  ensureTools();
  const generated = cloudFrontFunctionCode();
  const variants: Array<[string, string]> = [['generated', generated], ['naive append', NAIVE], ['minimal regex', MINIMAL_REGEX]];
  const responses: Array<[string, string[]]> = [['handshake (BAYEUX_BROWSER, AWSALB, AWSALBCORS)', HANDSHAKE], ['10 cookies', TEN_COOKIES]];
  const njsVersion = execFileSync('njs', ['-v'], { encoding: 'utf8' }).trim();
  console.log(`CloudFront Function, instructions per call (callgrind), njs ${njsVersion} and Node ${process.version}:`);
  const results = new Map<string, number>();
  for (const [responseName, setCookies] of responses) {
    console.log(`\n${responseName}:`);
    console.log(`  ${'variant'.padEnd(16)} ${'njs'.padStart(10)} ${'Node'.padStart(10)} ${'njs memory left'.padStart(16)}`);
    for (const [variantName, code] of variants) {
      const njs = ENGINES.includes('njs') ? perCall('njs', code, setCookies) : NaN;
      const node = ENGINES.includes('node') ? perCall('node', code, setCookies) : NaN;
      const memory = memoryLeft(code, setCookies);
      results.set(`${responseName}/${variantName}/njs`, njs);
      results.set(`${responseName}/${variantName}/node`, node);
      console.log(`  ${variantName.padEnd(16)} ${Math.round(njs).toLocaleString('en-US').padStart(10)} ${Math.round(node).toLocaleString('en-US').padStart(10)} ${`${Math.round(memory).toLocaleString('en-US')} B`.padStart(16)}`);
    }
    const ratio = (variant: string, engine: Engine) => results.get(`${responseName}/generated/${engine}`)! / results.get(`${responseName}/${variant}/${engine}`)!;
    console.log(`  generated / minimal regex: njs ${ratio('minimal regex', 'njs').toFixed(2)}x (target <= 1.2x), Node ${ratio('minimal regex', 'node').toFixed(2)}x (target <= 1.5x)`);
    console.log(`  generated / naive append:  njs ${ratio('naive append', 'njs').toFixed(2)}x, Node ${ratio('naive append', 'node').toFixed(2)}x`);
  }
  const bytes = (code: string) => Buffer.byteLength(code, 'utf8').toLocaleString('en-US');
  console.log(`\nBytes (target <= 1,536): CloudFront Function ${bytes(generated)} (CloudFront limit 10,240), Lambda@Edge handler ${bytes(lambdaEdgeHandlerCode())}; naive ${bytes(NAIVE)}, minimal regex ${bytes(MINIMAL_REGEX)}`);
  console.log('Memory target: <= 10 KB left per call on the 10-cookie response in njs.');
  fs.rmSync(WORK_DIR, { recursive: true, force: true });
}

main();
