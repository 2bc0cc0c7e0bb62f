/**
 * Generates the edge code by bundling the rewrite module (edge/rewrite.js), read as text, with
 * the policy baked in as a literal (Lambda@Edge has no environment variables; CloudFront
 * Functions have none either) and the runtime's entry point, then minifying the bundle. The code
 * that runs at the edge is the module that runs in Node and in the tests, with nothing of the
 * TypeScript compiler's output in it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { minify_sync as minifySync } from 'terser';
import { CookiePolicy, CookiePolicyProps } from './policy';
import { edgeRules } from './edge/rewrite';

/** The largest CloudFront Function code AWS accepts, in bytes. */
export const CLOUDFRONT_FUNCTION_MAX_BYTES = 10_240;

/**
 * The rewrite module as shipped: lib/cookie/edge/rewrite.js, copied byte for byte into dist/ by
 * `npm run build` (never compiled).
 */
const REWRITE_MODULE_PATH = path.join(__dirname, 'edge', 'rewrite.js');

let rewriteModuleText: string | undefined;

function rewriteModuleSource(): string {
  rewriteModuleText ??= fs.readFileSync(REWRITE_MODULE_PATH, 'utf8');
  return rewriteModuleText;
}

/**
 * The policy as the two literals the rewrite module reads (RULES and NAMES, see edge/rewrite.js),
 * declared ahead of it: the flags fold into the code, and the name lists are dropped when no
 * cookie name is ever tested (`every`).
 */
function rulesLiterals(policy: CookiePolicy): string {
  const rules = edgeRules(policy.rules);
  const flags = { every: rules.every, httpOnly: rules.httpOnly, rootPath: rules.rootPath };
  const names = { all: rules.all, names: rules.names, prefixes: rules.prefixes, excludeNames: rules.excludeNames, excludePrefixes: rules.excludePrefixes };
  return `var RULES = ${JSON.stringify(flags)};\nvar NAMES = ${JSON.stringify(names)};`;
}

/** Minified edge sources by their unminified text: generation is deterministic. */
const minifiedSources = new Map<string, string>();

/**
 * Minifies with terser (a parser-based minifier, not text tricks) so the deployed function stays
 * far below CloudFront's 10 KB cap. Only names inside the code change; `handler` keeps its name
 * because the runtimes call it. Functions the entry point does not reach are dropped, and so is
 * the module's Node export (`module` is undefined in the bundle).
 */
function minifyEdgeSource(header: string, source: string): string {
  // Every construct and every synth asks again for the same few policies; terser is the slow part.
  const key = `${header}\n${source}`;
  const cached = minifiedSources.get(key);
  if (cached !== undefined) {
    return cached;
  }
  const result = minifySync(source, {
    ecma: 5,
    compress: { ecma: 5, passes: 4, toplevel: true, top_retain: ['handler'], global_defs: { module: undefined } },
    mangle: { toplevel: true, reserved: ['handler'] },
    format: { ecma: 5, preamble: header, comments: false },
  });
  if (result.code === undefined) {
    throw new Error('gms-edge-constructs: minifying the edge rewrite produced no code');
  }
  const code = result.code + '\n';
  minifiedSources.set(key, code);
  return code;
}

/**
 * The complete source of the viewer-response CloudFront Function (runtime `cloudfront-js-2.0`)
 * that rewrites every targeted Set-Cookie into a partitioned cookie.
 *
 * CloudFront does not run viewer-response functions on origin responses with status >= 400;
 * use the Lambda@Edge handler where those must be rewritten too.
 */
export function cloudFrontFunctionCode(policy?: CookiePolicy | CookiePolicyProps): string {
  const resolved = CookiePolicy.of(policy);
  return minifyEdgeSource('// gms-edge-constructs (generated)', [
    "'use strict';",
    rulesLiterals(resolved),
    rewriteModuleSource(),
    'function handler(event) {',
    '  var response = event.response;',
    '  try {',
    '    partitionCloudFrontCookies(response.cookies);',
    '  } catch (e) {',
    '    // An exception would turn the response into a 503: return it as it came.',
    '  }',
    '  return response;',
    '}',
  ].join('\n'));
}

/**
 * The complete source of the Lambda@Edge origin-response handler (`index.handler`, Node.js 20
 * or later, no dependencies, no environment variables) that rewrites every targeted Set-Cookie
 * into a partitioned cookie. Unlike the CloudFront Function it also runs on status >= 400.
 */
export function lambdaEdgeHandlerCode(policy?: CookiePolicy | CookiePolicyProps): string {
  const resolved = CookiePolicy.of(policy);
  return minifyEdgeSource('// gms-edge-constructs (generated)', [
    "'use strict';",
    rulesLiterals(resolved),
    rewriteModuleSource(),
    'exports.handler = async function handler(event) {',
    '  var response = event.Records[0].cf.response;',
    '  try {',
    '    partitionLambdaEdgeHeaders(response.headers);',
    '  } catch (e) {',
    '    // Never fail the response over a cookie.',
    '  }',
    '  return response;',
    '};',
  ].join('\n'));
}
