import * as fc from 'fast-check';
import { cloudFrontFunctionCode, lambdaEdgeHandlerCode, partitionSetCookie } from '../../lib';
import {
  loadCloudFrontFunction,
  loadLambdaEdgeHandler,
  runCloudFrontFunctionOnSetCookies,
  runLambdaEdgeOnSetCookies,
} from '../support/edge-runtime';
import { isCrossSitePartitioned, parseSetCookie, ParsedSetCookie } from '../support/rfc6265bis';
import { anySetCookie, structuredSetCookie } from './arbitraries';

const RUNS = 10_000;
// 10,000 runs per property take seconds alone but minutes on a loaded 2-core machine; this is a ceiling, not a timing assertion.
jest.setTimeout(240_000);
const MANAGED = new Set(['samesite', 'secure', 'httponly', 'partitioned', 'path']);

/** The raw text of the attributes the rewrite must not touch, in order. */
function unmanagedSegments(header: string): string[] {
  return header.split(';').slice(1)
    .filter((segment) => segment.replace(/^[ \t]+|[ \t]+$/g, '') !== '')
    .filter((segment) => !MANAGED.has(segment.split('=')[0].replace(/^[ \t]+|[ \t]+$/g, '').toLowerCase()));
}

function pairOf(header: string): string {
  const semicolon = header.indexOf(';');
  return semicolon < 0 ? header : header.slice(0, semicolon);
}

function hasAttribute(cookie: ParsedSetCookie, name: string): boolean {
  return cookie.attributes.some((attribute) => attribute.name.toLowerCase() === name);
}

/** Already a CHIPS cookie: every SameSite is None and all ensured attributes are present. */
function alreadyRight(cookie: ParsedSetCookie): boolean {
  const sameSites = cookie.attributes.filter((attribute) => attribute.name.toLowerCase() === 'samesite');
  return sameSites.length > 0 && sameSites.every((attribute) => attribute.value.toLowerCase() === 'none')
    && cookie.secure && cookie.httpOnly && cookie.partitioned && hasAttribute(cookie, 'path');
}

describe(`partitionSetCookie on ${RUNS} generated Set-Cookie values`, () => {
  it('never throws, keeps name, value and unmanaged attributes, partitions what a browser would store, and is idempotent', () => {
    fc.assert(fc.property(anySetCookie, (header) => {
      const out = partitionSetCookie(header);
      const before = parseSetCookie(header);

      // The name=value bytes are kept exactly.
      expect(out.startsWith(pairOf(header))).toBe(true);
      // Domain, Expires, Max-Age, unknown attributes: same text, same order.
      expect(unmanagedSegments(out)).toEqual(unmanagedSegments(header));
      // A second pass changes nothing.
      expect(partitionSetCookie(out)).toBe(out);

      if (before === undefined) {
        expect(out).toBe(header); // a browser ignores it; so do we
        return;
      }
      const after = parseSetCookie(out)!;
      expect(after).toBeDefined();
      expect(after.name).toBe(before.name);
      expect(after.value).toBe(before.value);
      expect(isCrossSitePartitioned(after)).toBe(true);
      expect(after.httpOnly).toBe(true);
      expect(after.path).toBe(hasAttribute(before, 'path') ? before.path : '/');
      expect([after.domain, after.maxAge, after.expires]).toEqual([before.domain, before.maxAge, before.expires]);
      if (alreadyRight(before)) {
        expect(out).toBe(header);
      }
    }), { numRuns: RUNS });
  });

  it('returns non-string input as it is', () => {
    fc.assert(fc.property(fc.anything().filter((value) => typeof value !== 'string'), (value) => {
      expect(partitionSetCookie(value as string)).toBe(value);
    }), { numRuns: 1_000 });
  });
});

describe(`the generated edge code on ${RUNS} generated responses`, () => {
  const cloudFrontFunction = loadCloudFrontFunction(cloudFrontFunctionCode());
  const lambdaEdgeHandler = loadLambdaEdgeHandler(lambdaEdgeHandlerCode());
  const responses = fc.array(structuredSetCookie, { minLength: 1, maxLength: 5 });

  it('Lambda@Edge gives exactly what partitionSetCookie gives, header by header', async () => {
    await fc.assert(fc.asyncProperty(responses, async (headers) => {
      await expect(runLambdaEdgeOnSetCookies(lambdaEdgeHandler, headers)).resolves.toEqual(headers.map((header) => partitionSetCookie(header)));
    }), { numRuns: RUNS });
  });

  it('the CloudFront Function stores the same cookies as partitionSetCookie would, duplicates included', () => {
    const semantics = (header: string) => JSON.stringify(parseSetCookie(header) ?? null);
    fc.assert(fc.property(responses, (headers) => {
      const viaCloudFront = runCloudFrontFunctionOnSetCookies(cloudFrontFunction, headers).map(semantics).sort();
      const viaLibrary = runCloudFrontFunctionOnSetCookies((event) => event.response, headers.map((header) => partitionSetCookie(header))).map(semantics).sort();
      expect(viaCloudFront).toEqual(viaLibrary);
    }), { numRuns: RUNS });
  });
});
