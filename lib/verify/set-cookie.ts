/**
 * How a browser reads one Set-Cookie header (RFC 6265bis §5.6 parsing, §5.7 storage), and
 * whether a browser that blocks third-party cookies keeps it for cross-site use (CHIPS).
 * Storability (control characters, the 4096-octet name+value limit, nameless cookies) and the
 * space/tab trimming are lib/cookie's, the same rules the edge rewrite follows.
 */
import { cookieIsStorable, fitsOctets, trimWsp } from '../cookie/rewrite';

export type SameSite = 'None' | 'Lax' | 'Strict' | 'Default';

/** One Set-Cookie header as a browser reads it. */
export interface ParsedSetCookie {
  readonly name: string;
  readonly value: string;
  /** Every cookie-av the browser keeps (values over 1024 octets are ignored), as written. */
  readonly attributes: ReadonlyArray<{ readonly name: string; readonly value: string; readonly hasValue: boolean }>;
  /** False when the browser ignores the whole header (§5.6 steps that abort). */
  readonly storable: boolean;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly partitioned: boolean;
  /** The last SameSite wins; an unknown value means the browser's default enforcement. */
  readonly sameSite: SameSite;
  /** The last Path wins; undefined when it is missing or does not start with `/` (the default-path). */
  readonly path: string | undefined;
  /** The last Domain, lower-cased, leading dot removed. */
  readonly domain: string | undefined;
  /** The last valid Max-Age in seconds (Max-Age beats Expires). */
  readonly maxAge: number | undefined;
  /** The last Expires, as written. */
  readonly expires: string | undefined;
}

const MAX_ATTRIBUTE_VALUE_OCTETS = 1024;

/** Parses one Set-Cookie header value. Never throws. */
export function parseSetCookie(header: string): ParsedSetCookie {
  const semicolon = header.indexOf(';');
  const pair = semicolon < 0 ? header : header.slice(0, semicolon);
  const tail = semicolon < 0 ? '' : header.slice(semicolon);
  const eq = pair.indexOf('=');
  // RFC 6265bis: a pair without '=' is a nameless cookie whose value is the whole pair.
  const name = eq < 0 ? '' : trimWsp(pair.slice(0, eq));
  const value = trimWsp(eq < 0 ? pair : pair.slice(eq + 1));
  const storable = cookieIsStorable(name, value, tail);

  const attributes: Array<{ name: string; value: string; hasValue: boolean }> = [];
  for (const cookieAv of tail === '' ? [] : tail.slice(1).split(';')) {
    const avEq = cookieAv.indexOf('=');
    const attributeValue = avEq < 0 ? '' : trimWsp(cookieAv.slice(avEq + 1));
    if (!fitsOctets(attributeValue, MAX_ATTRIBUTE_VALUE_OCTETS)) {
      continue; // §5.6: ignored, as if absent
    }
    attributes.push({ name: trimWsp(avEq < 0 ? cookieAv : cookieAv.slice(0, avEq)), value: attributeValue, hasValue: avEq >= 0 });
  }

  let secure = false;
  let httpOnly = false;
  let partitioned = false;
  let sameSite: SameSite = 'Default';
  let path: string | undefined;
  let domain: string | undefined;
  let maxAge: number | undefined;
  let expires: string | undefined;
  for (const attribute of attributes) {
    switch (attribute.name.toLowerCase()) {
      case 'secure': secure = true; break;
      case 'httponly': httpOnly = true; break;
      case 'partitioned': partitioned = true; break;
      case 'samesite': {
        const enforcement = attribute.value.toLowerCase();
        sameSite = enforcement === 'none' ? 'None' : enforcement === 'lax' ? 'Lax' : enforcement === 'strict' ? 'Strict' : 'Default';
        break;
      }
      case 'path': path = attribute.value.startsWith('/') ? attribute.value : undefined; break;
      case 'domain': domain = attribute.value === '' ? undefined : attribute.value.replace(/^\./, '').toLowerCase(); break;
      case 'max-age':
        if (/^-?[0-9]+$/.test(attribute.value)) {
          maxAge = Number(attribute.value);
        }
        break;
      case 'expires': expires = attribute.value; break;
      default: break; // unknown attributes are ignored
    }
  }
  return { name, value, attributes, storable, secure, httpOnly, partitioned, sameSite, path, domain, maxAge, expires };
}

/** RFC 6265bis §5.1.4: the directory of the request path, the cookie's path when it has none. */
export function defaultPath(requestPath: string): string {
  if (!requestPath.startsWith('/')) {
    return '/';
  }
  const lastSlash = requestPath.lastIndexOf('/');
  return lastSlash <= 0 ? '/' : requestPath.slice(0, lastSlash);
}

/** RFC 6265bis §5.1.4 path-match. */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  return requestPath === cookiePath
    || (requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/'));
}

/**
 * Why a browser that blocks third-party cookies would not keep this cookie, set by `host` in a
 * cross-site context, as a partitioned cookie; empty when it would (CHIPS: Partitioned needs
 * Secure; cross-site use needs SameSite=None).
 */
export function crossSiteProblems(cookie: ParsedSetCookie, host: string): string[] {
  if (!cookie.storable) {
    return ['ignored by browsers (a control character, no name and no value, or name+value over 4096 octets)'];
  }
  const problems: string[] = [];
  if (!cookie.secure) {
    problems.push('no Secure');
  }
  if (!cookie.partitioned) {
    problems.push('no Partitioned');
  }
  if (cookie.sameSite !== 'None') {
    problems.push(cookie.sameSite === 'Default' ? 'no SameSite=None (effective SameSite is the browser default, Lax)' : `effective SameSite=${cookie.sameSite}`);
  }
  const lowerHost = host.toLowerCase();
  if (cookie.domain !== undefined && lowerHost !== cookie.domain && !lowerHost.endsWith(`.${cookie.domain}`)) {
    problems.push(`Domain=${cookie.domain} does not cover ${host}`);
  }
  if (/^__secure-/i.test(cookie.name) && !cookie.secure) {
    problems.push('__Secure- prefix without Secure');
  }
  if (/^__host-/i.test(cookie.name) && (cookie.domain !== undefined || cookie.path !== '/')) {
    problems.push('__Host- prefix needs Path=/ and no Domain');
  }
  return problems;
}
