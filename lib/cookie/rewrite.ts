/**
 * The one implementation of the partitioned-cookie rewrite.
 *
 * These functions run in Node (partitionSetCookie) and, by their own source text, inside the
 * CloudFront Function and the Lambda@Edge handler (see edge-source.ts). So they are written in
 * plain ECMAScript 5.1 (plus String#startsWith), the core that every CloudFront Functions runtime
 * implements: `var` rather than block scoping, so the minified code never depends on how the edge
 * engine handles shadowed block-scoped names. They reference nothing outside this file's function
 * declarations. test/cookie/cloudfront-function.test.ts enforces both.
 */
/* eslint-disable no-var */
import type { CookieRewriteRules } from './policy';

/** Trims space and tab only: RFC 6265bis WSP. (`String.prototype.trim` also strips NBSP and more.) */
export function trimWsp(text: string): string {
  var start = 0;
  var end = text.length;
  while (start < end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) {
    start++;
  }
  while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) {
    end--;
  }
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Whether the UTF-8 encoding of `text` fits in `limit` octets; lone surrogates count as U+FFFD. */
export function fitsOctets(text: string, limit: number): boolean {
  if (text.length * 3 <= limit) {
    return true;
  }
  var octets = 0;
  for (var i = 0; i < text.length && octets <= limit; i++) {
    var code = text.charCodeAt(i);
    if (code < 0x80) {
      octets += 1;
    } else if (code < 0x800) {
      octets += 2;
    } else if (code >= 0xd800 && code < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      octets += 4;
      i++;
    } else {
      octets += 3;
    }
  }
  return octets <= limit;
}

/**
 * Whether a browser would store this cookie at all (RFC 6265bis §5.6). A cookie it would ignore
 * is left exactly as it came: rewriting cannot make it valid, only different.
 */
export function cookieIsStorable(name: string, value: string, attributes: string): boolean {
  // CTLs other than HTAB make the browser ignore the whole header.
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(name + value + attributes)) {
    return false;
  }
  if (name === '' && (value === '' || /^__(secure|host)-/i.test(value))) {
    return false;
  }
  return fitsOctets(name + value, 4096);
}

/** Whether `name` is one of `names` or starts with one of `prefixes` (case-sensitive). */
export function nameMatches(name: string, names: string[], prefixes: string[]): boolean {
  if (names.indexOf(name) >= 0) {
    return true;
  }
  for (var i = 0; i < prefixes.length; i++) {
    if (name.startsWith(prefixes[i])) {
      return true;
    }
  }
  return false;
}

/** Whether the rules target a cookie of this name: not excluded, and all or listed. */
export function cookieNameApplies(name: string, rules: CookieRewriteRules): boolean {
  return !nameMatches(name, rules.excludeNames, rules.excludePrefixes)
    && (rules.all || nameMatches(name, rules.names, rules.prefixes));
}

/**
 * Rewrites the attribute part of a Set-Cookie value: `''`, or everything from its first `;`.
 * Every SameSite becomes None in place; missing attributes are appended; all else is kept.
 * Returns the input itself when nothing needs to change.
 */
export function partitionCookieAttributes(tail: string, rules: CookieRewriteRules): string {
  var segments = tail.split(';');
  var hasSameSite = false;
  var hasHttpOnly = !rules.httpOnly;
  var hasSecure = false;
  var hasPath = !rules.rootPath;
  var hasPartitioned = false;
  var changed = false;
  // segments[0] is the text before the first ';': empty for a well-formed tail.
  for (var i = 1; i < segments.length; i++) {
    var segment = segments[i];
    var eq = segment.indexOf('=');
    var name = trimWsp(eq < 0 ? segment : segment.slice(0, eq)).toLowerCase();
    var value = eq < 0 ? '' : trimWsp(segment.slice(eq + 1));
    if (!fitsOctets(value, 1024)) {
      continue; // browsers ignore an attribute with a value over 1024 octets
    }
    if (name === 'samesite') {
      hasSameSite = true;
      if (value.toLowerCase() !== 'none') {
        // Keep the attribute's own spelling and leading space; only the value changes.
        segments[i] = eq < 0
          ? segment.slice(0, segment.toLowerCase().lastIndexOf('samesite') + 8) + '=None'
          : segment.slice(0, eq + 1) + 'None';
        changed = true;
      }
    } else if (name === 'secure') {
      hasSecure = true;
    } else if (name === 'httponly') {
      hasHttpOnly = true;
    } else if (name === 'partitioned') {
      hasPartitioned = true;
    } else if (name === 'path') {
      hasPath = true;
    }
  }
  var added: string[] = [];
  if (!hasSameSite) {
    added.push('SameSite=None');
  }
  if (!hasHttpOnly) {
    added.push('HttpOnly');
  }
  if (!hasSecure) {
    added.push('Secure');
  }
  if (!hasPath) {
    added.push('Path=/');
  }
  if (!hasPartitioned) {
    added.push('Partitioned');
  }
  if (added.length === 0) {
    return changed ? segments.join(';') : tail;
  }
  // Drop trailing empty segments so the appended attributes follow the last real one.
  var last = segments.length - 1;
  while (last > 0 && trimWsp(segments[last]) === '') {
    last--;
  }
  return segments.slice(0, last + 1).join(';') + '; ' + added.join('; ');
}

/**
 * Rewrites one Set-Cookie header value per the rules. Never throws; a value that is not a
 * string, that a browser would ignore, or that the rules do not target is returned unchanged.
 */
export function partitionSetCookieValue(header: string, rules: CookieRewriteRules): string {
  if (typeof header !== 'string') {
    return header;
  }
  var semicolon = header.indexOf(';');
  var pair = semicolon < 0 ? header : header.slice(0, semicolon);
  var tail = semicolon < 0 ? '' : header.slice(semicolon);
  var eq = pair.indexOf('=');
  // RFC 6265bis: a pair without '=' is a nameless cookie whose value is the whole pair.
  var name = eq < 0 ? '' : trimWsp(pair.slice(0, eq));
  var value = trimWsp(eq < 0 ? pair : pair.slice(eq + 1));
  if (!cookieIsStorable(name, value, tail) || !cookieNameApplies(name, rules)) {
    return header;
  }
  var rewritten = partitionCookieAttributes(tail, rules);
  return rewritten === tail ? header : pair + rewritten;
}

/** One entry of a CloudFront viewer-response `cookies` object, as CloudFront documents it. */
export interface CloudFrontCookie {
  value?: unknown;
  attributes?: unknown;
}

/**
 * Rewrites one cookie of a CloudFront viewer-response `cookies` object in place:
 * `{ value, attributes }`, where `attributes` has no leading `; ` and may be missing or empty.
 */
export function partitionCloudFrontCookie(name: string, cookie: CloudFrontCookie, rules: CookieRewriteRules): void {
  if (!cookie || typeof cookie !== 'object') {
    return;
  }
  var value = typeof cookie.value === 'string' ? trimWsp(cookie.value) : '';
  var attributes = typeof cookie.attributes === 'string' ? cookie.attributes : '';
  if (!cookieIsStorable(name, value, attributes) || !cookieNameApplies(name, rules)) {
    return;
  }
  var tail = attributes === '' ? '' : ';' + attributes;
  var rewritten = partitionCookieAttributes(tail, rules);
  if (rewritten !== tail) {
    // CloudFront wants the attributes without the leading separator.
    cookie.attributes = trimWsp(rewritten.slice(1));
  }
}

/**
 * Rewrites every cookie of a CloudFront viewer-response `cookies` object in place. Several
 * cookies of one name arrive as `multiValue`, which is then what CloudFront reads back.
 * A failure on one cookie leaves it as it was and does not stop the others.
 */
export function partitionCloudFrontCookies(cookies: unknown, rules: CookieRewriteRules): void {
  if (!cookies || typeof cookies !== 'object') {
    return;
  }
  var jar = cookies as Record<string, CloudFrontCookie & { multiValue?: unknown }>;
  var names = Object.keys(jar);
  for (var i = 0; i < names.length; i++) {
    try {
      var cookie = jar[names[i]];
      var multiValue = cookie && cookie.multiValue;
      if (Array.isArray(multiValue)) {
        for (var j = 0; j < multiValue.length; j++) {
          partitionCloudFrontCookie(names[i], multiValue[j], rules);
        }
      }
      partitionCloudFrontCookie(names[i], cookie, rules);
    } catch (e) {
      // An exception here would be a 503 for the visitor; leave this cookie as it was.
    }
  }
}

/**
 * Rewrites every `set-cookie` header of a Lambda@Edge origin-response event's response in place:
 * `headers['set-cookie']` is an array of `{ key, value }`, one per header, never combined.
 */
export function partitionLambdaEdgeHeaders(headers: unknown, rules: CookieRewriteRules): void {
  var setCookies = headers && typeof headers === 'object' ? (headers as Record<string, unknown>)['set-cookie'] : undefined;
  if (!Array.isArray(setCookies)) {
    return;
  }
  for (var i = 0; i < setCookies.length; i++) {
    try {
      var header = setCookies[i];
      if (header && typeof header.value === 'string') {
        header.value = partitionSetCookieValue(header.value, rules);
      }
    } catch (e) {
      // Leave this header as it was; never fail the response.
    }
  }
}
