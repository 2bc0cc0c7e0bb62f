/**
 * The security response headers the edge adds to every GMS response, cloud-neutral: CloudFront
 * sends them through a response headers policy, Application Gateway through its rewrite rule set.
 *
 * GMS is called by XHR from the customer's site and may be framed there, so nothing here forbids
 * cross-site use: no `X-Frame-Options` (it cannot name another site; `DENY`/`SAMEORIGIN` break
 * an embedded widget), no `Cross-Origin-Resource-Policy`, and a CSP `frame-ancestors` only when
 * the embedding sites are listed.
 */

/** Referrer-Policy values (W3C Referrer Policy). */
export type ReferrerPolicyValue = 'no-referrer' | 'no-referrer-when-downgrade' | 'origin' | 'origin-when-cross-origin'
  | 'same-origin' | 'strict-origin' | 'strict-origin-when-cross-origin' | 'unsafe-url';

const REFERRER_POLICIES: readonly string[] = ['no-referrer', 'no-referrer-when-downgrade', 'origin', 'origin-when-cross-origin',
  'same-origin', 'strict-origin', 'strict-origin-when-cross-origin', 'unsafe-url'];

/** Which security headers the edge sends. */
export interface SecurityHeadersOptions {
  /**
   * `Strict-Transport-Security` max-age in seconds (0 tells browsers to forget HSTS for the host).
   *
   * @default 31536000 (one year)
   */
  readonly hstsMaxAgeSeconds?: number;

  /**
   * Add `includeSubDomains` to HSTS. Off by default: the GMS host name may sit above names that are
   * not yours to force onto HTTPS.
   *
   * @default false
   */
  readonly hstsIncludeSubDomains?: boolean;

  /**
   * Add `preload` to HSTS (needs `hstsIncludeSubDomains` and a max-age of at least a year).
   *
   * @default false
   */
  readonly hstsPreload?: boolean;

  /**
   * The sites allowed to frame GMS responses, as CSP `frame-ancestors` sources (for example
   * `['https://www.example.com', 'https://*.example.com', "'self'"]`). When set, a
   * `Content-Security-Policy: frame-ancestors …` header is sent and browsers refuse to render
   * GMS in a frame of any other site.
   *
   * @default - no Content-Security-Policy: any site may frame GMS (a widget's embedding sites are unknown here)
   */
  readonly frameAncestors?: string[];

  /**
   * The `Referrer-Policy`.
   *
   * @default 'strict-origin-when-cross-origin'
   */
  readonly referrerPolicy?: ReferrerPolicyValue;
}

/** One response header. */
export interface ResponseHeader {
  readonly name: string;
  readonly value: string;
}

/** The settings after defaults and checks. */
export interface ResolvedSecurityHeaders {
  readonly hstsMaxAgeSeconds: number;
  readonly hstsIncludeSubDomains: boolean;
  readonly hstsPreload: boolean;
  readonly referrerPolicy: ReferrerPolicyValue;
  /** `undefined` when no Content-Security-Policy is sent. */
  readonly contentSecurityPolicy?: string;
}

/** One year, the HSTS preload list's minimum. */
const HSTS_PRELOAD_MIN_AGE = 31536000;
/** A frame-ancestors source: 'self', 'none', or scheme://host[:port] with an optional leading *. label. */
const FRAME_ANCESTOR = /^(?:'self'|'none'|https?:\/\/(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::\d{1,5})?)$/;

/**
 * Checks the options and fills in the defaults.
 *
 * @throws an Error naming the property, the allowed values and the value given
 */
export function resolveSecurityHeaders(options: SecurityHeadersOptions = {}, owner = 'securityHeaders'): ResolvedSecurityHeaders {
  const maxAge = options.hstsMaxAgeSeconds ?? HSTS_PRELOAD_MIN_AGE;
  if (!Number.isInteger(maxAge) || maxAge < 0 || maxAge > 2 ** 31 - 1) {
    throw new Error(`${owner}.hstsMaxAgeSeconds must be an integer from 0 to ${2 ** 31 - 1}; got ${JSON.stringify(maxAge)}`);
  }
  const includeSubDomains = options.hstsIncludeSubDomains ?? false;
  const preload = options.hstsPreload ?? false;
  if (preload && (!includeSubDomains || maxAge < HSTS_PRELOAD_MIN_AGE)) {
    throw new Error(`${owner}.hstsPreload needs hstsIncludeSubDomains: true and hstsMaxAgeSeconds of at least ${HSTS_PRELOAD_MIN_AGE}; got includeSubDomains ${includeSubDomains}, max-age ${maxAge}`);
  }
  const referrerPolicy = options.referrerPolicy ?? 'strict-origin-when-cross-origin';
  if (!REFERRER_POLICIES.includes(referrerPolicy)) {
    throw new Error(`${owner}.referrerPolicy must be one of ${REFERRER_POLICIES.join(', ')}; got ${JSON.stringify(referrerPolicy)}`);
  }
  let contentSecurityPolicy: string | undefined;
  if (options.frameAncestors !== undefined) {
    if (!Array.isArray(options.frameAncestors) || options.frameAncestors.length === 0) {
      throw new Error(`${owner}.frameAncestors must list at least one source such as https://www.example.com (leave it out to let any site frame GMS); got ${JSON.stringify(options.frameAncestors)}`);
    }
    options.frameAncestors.forEach((source, index) => {
      if (typeof source !== 'string' || !FRAME_ANCESTOR.test(source)) {
        throw new Error(`${owner}.frameAncestors[${index}] must be 'self', 'none' or an origin such as https://www.example.com or https://*.example.com; got ${JSON.stringify(source)}`);
      }
    });
    if (options.frameAncestors.includes('\'none\'') && options.frameAncestors.length > 1) {
      throw new Error(`${owner}.frameAncestors: 'none' cannot be combined with other sources; got ${JSON.stringify(options.frameAncestors)}`);
    }
    contentSecurityPolicy = `frame-ancestors ${options.frameAncestors.join(' ')}`;
  }
  return { hstsMaxAgeSeconds: maxAge, hstsIncludeSubDomains: includeSubDomains, hstsPreload: preload, referrerPolicy, contentSecurityPolicy };
}

/** The headers, as they appear in a response. */
export function securityResponseHeaders(options: SecurityHeadersOptions = {}, owner?: string): ResponseHeader[] {
  const resolved = resolveSecurityHeaders(options, owner);
  const hsts = [`max-age=${resolved.hstsMaxAgeSeconds}`, ...(resolved.hstsIncludeSubDomains ? ['includeSubDomains'] : []), ...(resolved.hstsPreload ? ['preload'] : [])];
  return [
    { name: 'Strict-Transport-Security', value: hsts.join('; ') },
    { name: 'X-Content-Type-Options', value: 'nosniff' },
    { name: 'Referrer-Policy', value: resolved.referrerPolicy },
    ...(resolved.contentSecurityPolicy === undefined ? [] : [{ name: 'Content-Security-Policy', value: resolved.contentSecurityPolicy }]),
  ];
}
