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

/** Whether the character at `index` is a space or a tab (RFC 6265bis WSP). */
export function isWsp(text: string, index: number): boolean {
  var code = text.charCodeAt(index);
  return code === 32 || code === 9;
}

/** Trims space and tab only: RFC 6265bis WSP. (`String.prototype.trim` also strips NBSP and more.) */
export function trimWsp(text: string): string {
  var start = 0;
  var end = text.length;
  while (start < end && isWsp(text, start)) {
    start++;
  }
  while (end > start && isWsp(text, end - 1)) {
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
  // CTLs other than HTAB make the browser ignore the whole header. (An anchored negated class
  // is the fastest form of this test in V8.)
  // eslint-disable-next-line no-control-regex
  var noControlCharacters = /^[^\x00-\x08\x0a-\x1f\x7f]*$/;
  if (!noControlCharacters.test(name) || !noControlCharacters.test(value) || !noControlCharacters.test(attributes)) {
    return false;
  }
  if (name === '' && (value === '' || /^__(secure|host)-/i.test(value))) {
    return false;
  }
  return (name.length + value.length) * 3 <= 4096 || fitsOctets(name + value, 4096);
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
 *
 * One pass over the text with indexes, no split and no per-attribute strings: this runs on
 * every cookie of every response at the edge, where CPU time is billed and capped.
 */
export function partitionCookieAttributes(tail: string, rules: CookieRewriteRules): string {
  var hasSameSite = false;
  var hasHttpOnly = !rules.httpOnly;
  var hasSecure = false;
  var hasPath = !rules.rootPath;
  var hasPartitioned = false;
  var rebuilt = ''; // the text before `copied`, with SameSite values replaced
  var copied = 0;
  var contentEnd = 0; // end of the last attribute that is not blank
  var nextEq = -2;
  var start = tail.indexOf(';');
  while (start >= 0) {
    var stop = tail.indexOf(';', start + 1);
    if (stop < 0) {
      stop = tail.length;
    }
    if (nextEq !== -1 && nextEq <= start) {
      nextEq = tail.indexOf('=', start + 1);
    }
    var eq = nextEq >= 0 && nextEq < stop ? nextEq : -1;
    var nameStart = start + 1;
    var nameEnd = eq < 0 ? stop : eq;
    while (nameStart < nameEnd && isWsp(tail, nameStart)) {
      nameStart++;
    }
    while (nameEnd > nameStart && isWsp(tail, nameEnd - 1)) {
      nameEnd--;
    }
    var segmentEnd = stop;
    while (segmentEnd > nameStart && isWsp(tail, segmentEnd - 1)) {
      segmentEnd--;
    }
    if (segmentEnd > start + 1 && segmentEnd > nameStart) {
      contentEnd = stop; // the whole segment, its own spacing included
    }
    var length = nameEnd - nameStart;
    // Only names of these lengths can matter: path, secure, samesite/httponly, partitioned.
    if (length === 4 || length === 6 || length === 8 || length === 11) {
      var name = tail.slice(nameStart, nameEnd).toLowerCase();
      var valueStart = eq < 0 ? segmentEnd : eq + 1;
      while (valueStart < segmentEnd && isWsp(tail, valueStart)) {
        valueStart++;
      }
      // Browsers ignore an attribute whose value is over 1024 octets.
      if ((segmentEnd - valueStart) * 3 <= 1024 || fitsOctets(tail.slice(valueStart, segmentEnd), 1024)) {
        if (name === 'samesite') {
          hasSameSite = true;
          if (segmentEnd - valueStart !== 4 || tail.slice(valueStart, segmentEnd).toLowerCase() !== 'none') {
            // Keep the attribute's own spelling and spacing; only the value changes.
            rebuilt += eq < 0 ? tail.slice(copied, nameEnd) + '=None' : tail.slice(copied, eq + 1) + 'None';
            copied = eq < 0 ? nameEnd : segmentEnd;
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
    }
    start = stop < tail.length ? stop : -1;
  }
  var added = '';
  if (!hasSameSite) {
    added += '; SameSite=None';
  }
  if (!hasHttpOnly) {
    added += '; HttpOnly';
  }
  if (!hasSecure) {
    added += '; Secure';
  }
  if (!hasPath) {
    added += '; Path=/';
  }
  if (!hasPartitioned) {
    added += '; Partitioned';
  }
  if (added === '') {
    return copied === 0 ? tail : rebuilt + tail.slice(copied);
  }
  // Append after the last real attribute, not after trailing empty segments or spaces.
  return rebuilt + tail.slice(copied, contentEnd > copied ? contentEnd : copied) + added;
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
