/**
 * fast-check generators of Set-Cookie header values: real attribute names in random case and
 * spacing, duplicates, empty segments, Expires dates with commas, oversized values, and garbage.
 */
import * as fc from 'fast-check';

const spacing = fc.constantFrom('', '', ' ', '  ', '\t', ' \t ');

/** The word with each letter's case chosen at random. */
function anyCase(word: string): fc.Arbitrary<string> {
  return fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((upper) => word.split('').map((letter, i) => (upper[i] ? letter.toUpperCase() : letter.toLowerCase())).join(''));
}

/** Text without ';' (which would end the segment). */
function segmentText(maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: 'binary', maxLength }).map((text) => text.replace(/;/g, ''));
}

const cookieName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('BAYEUX_BROWSER', 'JSESSIONID', 'AWSALB', 'AWSALBCORS', 'AWSALBAPP-0', 'AWSALBTG', 'ApplicationGatewayAffinity', 'ApplicationGatewayAffinityCORS', '__Host-sid', '__Secure-id') },
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,16}$/) },
  { weight: 1, arbitrary: segmentText(12).map((text) => text.replace(/=/g, '')) },
);

const cookieValue = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9%+/=._-]{0,48}$/) },
  { weight: 2, arbitrary: fc.constantFrom('', '"quoted value"', 'a, b', ' padded ', 'x'.repeat(4100)) },
  { weight: 2, arbitrary: segmentText(24) },
);

function flag(word: string): fc.Arbitrary<string> {
  return fc.tuple(spacing, anyCase(word), spacing, fc.option(segmentText(6), { nil: undefined }))
    .map(([before, name, after, value]) => `${before}${name}${after}${value === undefined ? '' : `=${value}`}`);
}

function keyValue(word: fc.Arbitrary<string>, value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(spacing, word, spacing, spacing, value, spacing)
    .map(([s1, name, s2, s3, v, s4]) => `${s1}${name}${s2}=${s3}${v}${s4}`);
}

const attribute = fc.oneof(
  flag('Secure'),
  flag('HttpOnly'),
  flag('Partitioned'),
  keyValue(anyCase('SameSite'), fc.oneof(anyCase('None'), anyCase('Lax'), anyCase('Strict'), fc.constantFrom('', 'bogus'))),
  flag('SameSite'),
  keyValue(anyCase('Path'), fc.constantFrom('/', '/genesys', '/genesys/cometd', '', 'relative')),
  keyValue(anyCase('Domain'), fc.constantFrom('example.com', '.gms.example.com', '')),
  keyValue(anyCase('Expires'), fc.constantFrom('Tue, 01 Dec 2026 10:00:00 GMT', 'Thu, 01 Jan 1970 00:00:00 GMT', 'Wednesday, 09-Jun-21 10:18:14 GMT')),
  keyValue(anyCase('Max-Age'), fc.integer({ min: -5, max: 1_000_000 }).map(String)),
  keyValue(fc.constantFrom('Priority', 'X-Custom', 'SameParty', 'Comment'), segmentText(10)),
  keyValue(anyCase('Secure'), fc.constant('y'.repeat(1100))),
  fc.constantFrom('', ' ', '\t'),
  segmentText(16),
);

/** A Set-Cookie header value made of a name=value pair and random attributes. */
export const structuredSetCookie: fc.Arbitrary<string> = fc.tuple(
  fc.oneof({ weight: 9, arbitrary: fc.tuple(spacing, cookieName, spacing, cookieValue).map(([a, n, b, v]) => `${a}${n}${b}=${v}`) }, { weight: 1, arbitrary: cookieValue }),
  fc.array(attribute, { maxLength: 9 }),
  fc.constantFrom('', '', ';', '; ', ';;'),
).map(([pair, attributes, trailer]) => pair + attributes.map((text) => `;${text}`).join('') + trailer);

/** Any Set-Cookie header value: mostly structured, some unstructured garbage. */
export const anySetCookie: fc.Arbitrary<string> = fc.oneof(
  { weight: 9, arbitrary: structuredSetCookie },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
);
