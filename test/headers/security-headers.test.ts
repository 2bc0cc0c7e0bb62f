import { resolveSecurityHeaders, securityResponseHeaders } from '../../lib';

describe('securityResponseHeaders: the headers both edges add', () => {
  it('sends HSTS for a year, nosniff and strict-origin-when-cross-origin by default, and nothing that forbids cross-site framing', () => {
    const headers = securityResponseHeaders();
    expect(headers).toEqual([
      { name: 'Strict-Transport-Security', value: 'max-age=31536000' },
      { name: 'X-Content-Type-Options', value: 'nosniff' },
      { name: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    ]);
    expect(headers.map((header) => header.name.toLowerCase())).not.toContain('x-frame-options');
  });

  it('limits framing to the listed sites with CSP frame-ancestors, and adds includeSubDomains and preload when asked', () => {
    expect(securityResponseHeaders({ frameAncestors: ['\'self\'', 'https://*.example.com'], hstsIncludeSubDomains: true, hstsPreload: true })).toEqual([
      { name: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains; preload' },
      { name: 'X-Content-Type-Options', value: 'nosniff' },
      { name: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
      { name: 'Content-Security-Policy', value: 'frame-ancestors \'self\' https://*.example.com' },
    ]);
  });

  it.each([
    [{ hstsMaxAgeSeconds: -1 }, /hstsMaxAgeSeconds must be an integer from 0 to 2147483647; got -1/],
    [{ hstsPreload: true, hstsIncludeSubDomains: true, hstsMaxAgeSeconds: 86400 }, /hstsPreload needs .*max-age 86400/],
    [{ frameAncestors: [] }, /frameAncestors must list at least one source/],
    [{ frameAncestors: ['\'none\'', 'https://a.example'] }, /'none' cannot be combined/],
    [{ referrerPolicy: 'always' as never }, /referrerPolicy must be one of no-referrer, .*got "always"/],
  ])('rejects %j', (options, message) => {
    expect(() => resolveSecurityHeaders(options)).toThrow(message);
  });
});
