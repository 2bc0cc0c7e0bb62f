/**
 * How verify reads a Set-Cookie: the browser's view (RFC 6265bis last-wins rules), checked
 * against the independent test oracle, and the verdict for a browser blocking third-party cookies.
 */
import * as fc from 'fast-check';
import { anySetCookie, structuredSetCookie } from '../cookie/arbitraries';
import { isCrossSitePartitioned, parseSetCookie as oracle } from '../support/rfc6265bis';
import { crossSiteProblems, parseSetCookie } from '../../lib/verify';
import { defaultPath, pathMatches } from '../../lib/verify/set-cookie';

describe('parseSetCookie (verify)', () => {
  it('agrees with the RFC 6265bis oracle on every effective attribute', () => {
    fc.assert(fc.property(fc.oneof(structuredSetCookie, anySetCookie), (header) => {
      const expected = oracle(header);
      const parsed = parseSetCookie(header);
      expect(parsed.storable).toBe(expected !== undefined);
      if (expected !== undefined) {
        expect({ name: parsed.name, value: parsed.value, secure: parsed.secure, httpOnly: parsed.httpOnly, partitioned: parsed.partitioned, sameSite: parsed.sameSite, path: parsed.path, maxAge: parsed.maxAge, expires: parsed.expires })
          .toEqual({ name: expected.name, value: expected.value, secure: expected.secure, httpOnly: expected.httpOnly, partitioned: expected.partitioned, sameSite: expected.sameSite, path: expected.path, maxAge: expected.maxAge, expires: expected.expires });
        expect(crossSiteProblems(parsed, 'gms.example.com').length === 0).toBe(isCrossSitePartitioned(expected) && (expected.domain === undefined || 'gms.example.com'.endsWith(expected.domain)) && !/^__host-/i.test(expected.name));
      }
    }), { numRuns: 2000 });
  });

  it('lets the last SameSite win, case-insensitively', () => {
    expect(parseSetCookie('a=1; SameSite=None; Secure; Partitioned; samesite=Lax').sameSite).toBe('Lax');
    expect(parseSetCookie('a=1; SameSite=Strict; SAMESITE=none').sameSite).toBe('None');
    expect(parseSetCookie('a=1; SameSite=bogus').sameSite).toBe('Default');
  });

  it('lets the last Path win, an invalid one meaning the default-path', () => {
    expect(parseSetCookie('a=1; Path=/genesys; Path=/').path).toBe('/');
    expect(parseSetCookie('a=1; Path=/; Path=genesys').path).toBeUndefined();
  });

  it('ignores an attribute whose value is over 1024 octets', () => {
    expect(parseSetCookie(`a=1; Secure; SameSite=None; Partitioned; Path=/${'x'.repeat(1100)}`).path).toBeUndefined();
  });
});

describe('crossSiteProblems', () => {
  const problems = (header: string): string[] => crossSiteProblems(parseSetCookie(header), 'gms.example.com');

  it('accepts what the edge rewrite produces', () => {
    expect(problems('BAYEUX_BROWSER=abc; HttpOnly; SameSite=None; Secure; Path=/; Partitioned')).toEqual([]);
  });

  it('names each missing attribute of a cookie as GMS sends it behind a TLS-terminating balancer', () => {
    expect(problems('BAYEUX_BROWSER=abc; HttpOnly')).toEqual(['no Secure', 'no Partitioned', 'no SameSite=None (effective SameSite is the browser default, Lax)']);
    expect(problems('AWSALBCORS=v; Path=/; SameSite=None; Secure')).toEqual(['no Partitioned']);
  });

  it('judges the effective SameSite, not the first one written', () => {
    expect(problems('a=1; SameSite=None; Secure; Partitioned; SameSite=Strict')).toEqual(['effective SameSite=Strict']);
  });

  it('rejects a Domain that does not cover the edge, a broken __Host- prefix, and a cookie over 4096 octets', () => {
    expect(problems('a=1; Domain=other.example; SameSite=None; Secure; Partitioned')).toEqual(['Domain=other.example does not cover gms.example.com']);
    expect(problems('__Host-a=1; SameSite=None; Secure; Partitioned; Path=/genesys')).toEqual(['__Host- prefix needs Path=/ and no Domain']);
    expect(problems(`big=${'v'.repeat(4096)}; SameSite=None; Secure; Partitioned`)).toEqual([expect.stringMatching(/^ignored by browsers/)]);
  });
});

describe('paths (RFC 6265bis §5.1.4)', () => {
  it('takes the default-path from the request path', () => {
    expect(defaultPath('/genesys/cometd/handshake')).toBe('/genesys/cometd');
    expect(defaultPath('/genesys')).toBe('/');
  });

  it('path-matches on segment boundaries only', () => {
    expect(pathMatches('/genesys/cometd/connect', '/genesys')).toBe(true);
    expect(pathMatches('/genesys/cometd/connect', '/genesys/')).toBe(true);
    expect(pathMatches('/genesysx', '/genesys')).toBe(false);
  });
});
