/**
 * The generated CloudFront Function, the exact string that goes into the template
 * (test/aws/partitioned-cookie-function.test.ts holds the template to it), run in njs: an
 * independent ES5-era interpreter like CloudFront's, which measures strings in code points where
 * V8 uses UTF-16 units and has its own regex engine (PCRE). Node and njs must agree byte for
 * byte, and both must agree with partitionSetCookie.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { CookiePolicy, cloudFrontFunctionCode, partitionSetCookie } from '../../lib';
import { CloudFrontCookieValue, fromCloudFrontCookies, loadCloudFrontFunction, toCloudFrontCookies } from '../support/edge-runtime';
import { parseSetCookie } from '../support/rfc6265bis';
import { structuredSetCookie } from './arbitraries';
import { MALFORMED, POLICY_CASES, REAL_COOKIES } from './cases';

const NJS_MISSING = spawnSync('sh', ['-c', 'command -v njs']).status !== 0;
if (NJS_MISSING) {
  throw new Error('These tests run the CloudFront Function in njs: run `bash test/setup/system-packages.sh` as root (apt-get install njs)');
}

type Jar = Record<string, CloudFrontCookieValue>;

/** Runs the function on each response in one njs process; returns each response's cookies as JSON text. */
function runInNjs(code: string, responses: Jar[]): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gms-njs-'));
  try {
    const file = path.join(dir, 'run.js');
    const output = path.join(dir, 'out.json');
    // The function's code exactly as generated, then a driver in a scope of its own. The results
    // go through njs's fs module: its console.log breaks long lines.
    fs.writeFileSync(file, `${code}\n;(function (responses) {\n  var out = [];\n  for (var i = 0; i < responses.length; i++) {\n    out.push(JSON.stringify(handler({ response: { statusCode: 200, headers: {}, cookies: JSON.parse(responses[i]) } }).cookies));\n  }\n  require('fs').writeFileSync(${JSON.stringify(output)}, JSON.stringify(out));\n})(${JSON.stringify(responses.map((jar) => JSON.stringify(jar)))});\n`);
    execFileSync('njs', [file], { stdio: ['ignore', 'ignore', 'pipe'] });
    return JSON.parse(fs.readFileSync(output, 'utf8')) as string[];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function runInNode(code: string, responses: Jar[]): string[] {
  const handler = loadCloudFrontFunction(code);
  return responses.map((jar) => JSON.stringify(handler({ response: { statusCode: 200, headers: {}, cookies: JSON.parse(JSON.stringify(jar)) } } as never).cookies));
}

/** What partitionSetCookie makes of the headers, as CloudFront would present it to the viewer. */
function viaLibrary(headers: string[], policy?: CookiePolicy): string[] {
  return fromCloudFrontCookies(toCloudFrontCookies(headers.map((header) => partitionSetCookie(header, policy))));
}

/** Well-formed UTF-16 only: CloudFront decodes header bytes, so it never hands over a lone surrogate. */
function wellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

const SHARED_CASES = [...REAL_COOKIES, ...POLICY_CASES].map((entry) => [entry.input]);
const MALFORMED_CASES = MALFORMED.map((entry) => [entry.input]);
const UNICODE_CASES = [
  // An astral value over 4096 octets: 1,200 code points (njs length) but 2,400 UTF-16 units (V8).
  [`big=${'😀'.repeat(1200)}`],
  [`fits=${'😀'.repeat(1000)}`],
  [`a=b; Secure=${'😀'.repeat(257)}; Path=/`],
  [`a=b; Secure=${'é'.repeat(300)}`],
  ['a=é; ſecure; Path=/'], // U+017F is not an s to a browser (njs's PCRE would fold it with /i)
  ['ApplicationGatewayAffinity=x; Path=/\u00a0'],
];
const PROPERTY_SAMPLE = fc.sample(fc.array(structuredSetCookie, { minLength: 1, maxLength: 5 }), { numRuns: 400, seed: 17 })
  .filter((headers) => headers.every(wellFormed));

describe.each([
  ['the default policy', undefined],
  ['a policy with names, prefixes, exclusions and no HttpOnly', new CookiePolicy({ cookieNames: ['BAYEUX_BROWSER', 'JSESSIONID', 'AWSALB*'], excludeCookieNames: ['AWSALBTG*'], httpOnly: false })],
])('the CloudFront Function for %s, in njs and in Node', (_title, policy) => {
  const code = cloudFrontFunctionCode(policy);

  it.each([
    ['the shared cases', SHARED_CASES],
    ['values a browser ignores', MALFORMED_CASES],
    ['long and non-ASCII values', UNICODE_CASES],
    ['a handshake and a 10-cookie response', [[REAL_COOKIES[0].input, REAL_COOKIES[3].input, REAL_COOKIES[4].input], REAL_COOKIES.map((entry) => entry.input)]],
  ])('gives byte-identical cookies on %s, the same cookies partitionSetCookie gives', (_group, responses) => {
    const jars = responses.map((headers) => toCloudFrontCookies(headers));
    const inNjs = runInNjs(code, jars);
    expect(inNjs).toEqual(runInNode(code, jars));
    const expected = responses.map((headers) => viaLibrary(headers, policy));
    expect(inNjs.map((json) => fromCloudFrontCookies(JSON.parse(json) as Jar))).toEqual(expected);
  });

  it(`gives byte-identical cookies on ${PROPERTY_SAMPLE.length} generated responses, storing what partitionSetCookie would`, () => {
    const jars = PROPERTY_SAMPLE.map((headers) => toCloudFrontCookies(headers));
    const inNjs = runInNjs(code, jars);
    expect(inNjs).toEqual(runInNode(code, jars));
    const semantics = (headers: string[]) => headers.map((header) => JSON.stringify(parseSetCookie(header) ?? null)).sort();
    inNjs.forEach((json, index) => {
      expect(semantics(fromCloudFrontCookies(JSON.parse(json) as Jar))).toEqual(semantics(viaLibrary(PROPERTY_SAMPLE[index], policy)));
    });
  });
});
