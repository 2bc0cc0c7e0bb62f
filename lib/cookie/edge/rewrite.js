// @ts-check
/**
 * The partitioned-cookie rewrite: the one implementation. Node runs this module
 * (`partitionSetCookie`); edge-source.ts bundles this file's text, with the policy baked in, into
 * the CloudFront Function and the Lambda@Edge handler. So it is plain ECMAScript 5.1 that every
 * engine here runs alike (V8 in Node and Lambda@Edge, CloudFront's njs-like interpreter):
 *
 * - only methods on AWS's list for runtime cloudfront-js-2.0 (functions-javascript-runtime-20 in
 *   the CloudFront Developer Guide): `charCodeAt` is not on it, so characters are read with
 *   `charAt`, scans are native `search`/`indexOf`, and per-character loops run only on rare input;
 * - regexes run through `String#search`, which leaves nothing behind in njs (no garbage
 *   collector); `RegExp#test`/`exec` leave their match, about 20 KB when nothing matched;
 * - no `/i`: njs's PCRE folds case by Unicode (`ſ` matches `s`), browsers compare attribute names
 *   in ASCII only, so the patterns spell out `[Ss]`;
 * - nothing depends on how an engine measures strings (njs counts code points, V8 UTF-16 units):
 *   octet limits are decided by bounds that hold for both, or by counting octets.
 *
 * The last statement exports the functions to Node; the generator removes it from the bundles.
 */
'use strict';

/**
 * The policy in the plain, JSON-serialisable form the rewrite reads (declared in
 * lib/cookie/rewrite-rules.ts; a type-only reference, nothing is required at run time).
 * @typedef {import('../rewrite-rules').CookieRewriteRules} CookieRewriteRules
 */

/**
 * The rules as the edge code is generated with them: `every` is precomputed so the common policy
 * (every cookie, no exclusions) costs one property read per cookie.
 * @typedef {CookieRewriteRules & { every: boolean }} EdgeRules
 */

/** One entry of a CloudFront viewer-response `cookies` object. @typedef {{ value?: unknown, attributes?: unknown, multiValue?: unknown }} CloudFrontCookie */

// eslint-disable-next-line no-control-regex
var CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
// eslint-disable-next-line no-control-regex
var NON_ASCII = /[^\x00-\x7f]/;
var SECURE_OR_HOST_PREFIX = /^__([Ss][Ee][Cc][Uu][Rr][Ee]|[Hh][Oo][Ss][Tt])-/;
// An attribute name at the start of a segment, followed by `=`, `;` or the end. (Each starts
// with `;`, which lets PCRE skip to the candidates: `(?:^|;)` costs njs far more.)
var SAME_SITE = /;[\t ]*[Ss][Aa][Mm][Ee][Ss][Ii][Tt][Ee][\t ]*(?![^;=])/;
// A SameSite without a value, or with a value other than None.
var SAME_SITE_NOT_NONE = /;[\t ]*[Ss][Aa][Mm][Ee][Ss][Ii][Tt][Ee][\t ]*(?:$|;|=(?![\t ]*[Nn][Oo][Nn][Ee][\t ]*(?:;|$)))/;
var HTTP_ONLY = /;[\t ]*[Hh][Tt][Tt][Pp][Oo][Nn][Ll][Yy][\t ]*(?![^;=])/;
var SECURE = /;[\t ]*[Ss][Ee][Cc][Uu][Rr][Ee][\t ]*(?![^;=])/;
var PATH = /;[\t ]*[Pp][Aa][Tt][Hh][\t ]*(?![^;=])/;
var PARTITIONED = /;[\t ]*[Pp][Aa][Rr][Tt][Ii][Tt][Ii][Oo][Nn][Ee][Dd][\t ]*(?![^;=])/;

/**
 * The rules with `every` computed.
 * @param {CookieRewriteRules} rules
 * @returns {EdgeRules}
 */
function edgeRules(rules) {
  return {
    all: rules.all,
    names: rules.names,
    prefixes: rules.prefixes,
    excludeNames: rules.excludeNames,
    excludePrefixes: rules.excludePrefixes,
    httpOnly: rules.httpOnly,
    rootPath: rules.rootPath,
    every: rules.all && rules.excludeNames.length === 0 && rules.excludePrefixes.length === 0,
  };
}

/**
 * Whether `name` is one of `names` or starts with one of `prefixes` (case-sensitive).
 * @param {string} name
 * @param {string[]} names
 * @param {string[]} prefixes
 * @returns {boolean}
 */
function nameMatches(name, names, prefixes) {
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

/**
 * Whether the rules target a cookie of this name: not excluded, and all or listed.
 * @param {string} name
 * @param {CookieRewriteRules} rules
 * @returns {boolean}
 */
function cookieNameApplies(name, rules) {
  return !nameMatches(name, rules.excludeNames, rules.excludePrefixes)
    && (rules.all || nameMatches(name, rules.names, rules.prefixes));
}

/**
 * Whether the character is RFC 6265bis WSP (space or tab).
 * @param {string} character
 * @returns {boolean}
 */
function isWsp(character) {
  return character === ' ' || character === '\t';
}

/**
 * Trims space and tab only (`String#trim` also strips NBSP and more).
 * @param {string} text
 * @returns {string}
 */
function trimWsp(text) {
  var start = 0;
  var end = text.length;
  while (start < end && isWsp(text.charAt(start))) {
    start++;
  }
  while (end > start && isWsp(text.charAt(end - 1))) {
    end--;
  }
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * The length of the UTF-8 encoding of `text`, a lone surrogate counting as U+FFFD, whether the
 * engine indexes strings by UTF-16 unit (V8: an astral character is a pair, `codePointAt` at the
 * pair's second unit gives that unit) or by code point (njs).
 * @param {string} text
 * @returns {number}
 */
function octets(text) {
  if (text.search(NON_ASCII) < 0) {
    return text.length;
  }
  var total = 0;
  var pairStarted = false;
  for (var i = 0; i < text.length; i++) {
    var code = /** @type {number} */ (text.codePointAt(i));
    if (pairStarted && code >= 0xdc00 && code < 0xe000) {
      pairStarted = false; // the second unit of a pair already counted
    } else {
      pairStarted = code > 0xffff;
      total += code < 0x80 ? 1 : code < 0x800 ? 2 : pairStarted ? 4 : 3;
    }
  }
  return total;
}

/**
 * Whether a browser would store a cookie of this name and value at all (RFC 6265bis §5.6),
 * control characters aside: not both empty, no nameless `__Secure-`/`__Host-` imitation, at most
 * 4096 octets. The callers skip it for a named cookie of at most 1024 characters, which is at
 * most 4096 octets however the engine counts.
 * @param {string} name the trimmed name
 * @param {string} value the value, untrimmed
 * @returns {boolean}
 */
function cookieIsStorable(name, value) {
  value = trimWsp(value);
  return (name !== '' || value !== '' && value.search(SECURE_OR_HOST_PREFIX) !== 0) && octets(name) + octets(value) <= 4096;
}

/**
 * `tail` with every attribute a browser ignores (a value over 1024 octets) overwritten, keeping
 * every other character where it was. Only called on a long tail.
 * @param {string} tail
 * @returns {string}
 */
function withoutIgnoredAttributes(tail) {
  var segments = tail.split(';');
  for (var i = 0; i < segments.length; i++) {
    var eq = segments[i].indexOf('=');
    if (eq >= 0 && octets(trimWsp(segments[i].slice(eq + 1))) > 1024) {
      segments[i] = 'x'.repeat(segments[i].length);
    }
  }
  return segments.join(';');
}

/**
 * Rewrites the attribute part of a Set-Cookie value: `''`, or everything from its first `;`.
 * Every SameSite becomes None in place; missing attributes are appended after the last attribute
 * that is not blank; all else is kept. Returns `tail` itself when nothing needs to change.
 * @param {string} tail
 * @param {EdgeRules} rules
 * @returns {string}
 */
function partitionCookieAttributes(tail, rules) {
  // At most 256 characters hold no value over 1024 octets, however the engine counts.
  var scan = tail.length > 256 ? withoutIgnoredAttributes(tail) : tail;
  var rebuilt = ''; // the tail before `copied`, SameSite values replaced
  var copied = 0;
  // Most cookies have no SameSite, or SameSite=None: one search, or two, then nothing to rewrite.
  var hasSameSite = scan.search(SAME_SITE) >= 0;
  for (var at = hasSameSite ? scan.search(SAME_SITE_NOT_NONE) : -1; at >= 0;) {
    var next = scan.indexOf(';', at + 1);
    var end = next < 0 ? tail.length : next;
    while (tail.charAt(end - 1) === ' ' || tail.charAt(end - 1) === '\t') {
      end--;
    }
    var eq = tail.indexOf('=', at);
    // Keep the attribute's own spelling and spacing; only the value changes.
    rebuilt += eq < 0 || eq > end ? tail.slice(copied, end) + '=None' : tail.slice(copied, eq + 1) + 'None';
    copied = end;
    at = next < 0 ? -1 : scan.slice(next).search(SAME_SITE_NOT_NONE);
    at = at < 0 ? -1 : at + next;
  }
  var added = (hasSameSite ? '' : '; SameSite=None')
    + (rules.httpOnly && scan.search(HTTP_ONLY) < 0 ? '; HttpOnly' : '')
    + (scan.search(SECURE) < 0 ? '; Secure' : '')
    + (rules.rootPath && scan.search(PATH) < 0 ? '; Path=/' : '')
    + (scan.search(PARTITIONED) < 0 ? '; Partitioned' : '');
  if (added === '') {
    return copied === 0 ? tail : rebuilt + tail.slice(copied);
  }
  // Append after the last attribute that is not blank: its own trailing spaces are kept, empty
  // segments after it are not.
  var contentEnd = tail.length;
  for (var i = contentEnd; i > copied; i--) {
    var character = tail.charAt(i - 1);
    if (character === ';') {
      contentEnd = i - 1;
    } else if (character !== ' ' && character !== '\t') {
      break;
    }
  }
  return copied === 0 && contentEnd === tail.length ? tail + added : rebuilt + tail.slice(copied, contentEnd > copied ? contentEnd : copied) + added;
}

/**
 * Rewrites one Set-Cookie header value per the rules. Never throws; a value that is not a
 * string, that a browser would ignore, or that the rules do not target is returned unchanged.
 * @param {string} header
 * @param {EdgeRules} rules
 * @returns {string}
 */
function partitionSetCookieValue(header, rules) {
  if (typeof header !== 'string' || header.search(CONTROL) >= 0) {
    return header;
  }
  var semicolon = header.indexOf(';');
  var pair = semicolon < 0 ? header : header.slice(0, semicolon);
  var eq = pair.indexOf('=');
  // RFC 6265bis: a pair without '=' is a nameless cookie whose value is the whole pair.
  var name = eq < 0 ? '' : trimWsp(pair.slice(0, eq));
  if (!(rules.every || cookieNameApplies(name, rules)) || !(name !== '' && pair.length <= 1024 || cookieIsStorable(name, eq < 0 ? pair : pair.slice(eq + 1)))) {
    return header;
  }
  var tail = semicolon < 0 ? '' : header.slice(semicolon);
  var rewritten = partitionCookieAttributes(tail, rules);
  return rewritten === tail ? header : pair + rewritten;
}

/**
 * Rewrites every cookie of a CloudFront viewer-response `cookies` object in place. Each entry is
 * `{ value, attributes }`, where `attributes` has no leading `; ` and may be missing or empty.
 * Several cookies of one name arrive as `multiValue`, which is then what CloudFront reads back.
 * A failure on one cookie leaves it as it was and does not stop the others.
 * @param {unknown} cookies
 * @param {EdgeRules} rules
 */
function partitionCloudFrontCookies(cookies, rules) {
  if (!cookies || typeof cookies !== 'object') {
    return;
  }
  var jar = /** @type {Record<string, CloudFrontCookie>} */ (cookies);
  var names = Object.keys(jar);
  for (var i = 0; i < names.length; i++) {
    try {
      var name = names[i];
      var cookie = jar[name];
      var multiValue = cookie && cookie.multiValue;
      var count = Array.isArray(multiValue) ? multiValue.length : 0;
      // The entries of multiValue, then the cookie itself (inline: a call costs an interpreter).
      for (var j = 0; j <= count; j++) {
        var entry = /** @type {CloudFrontCookie} */ (j < count ? /** @type {unknown[]} */ (multiValue)[j] : cookie);
        if (!entry || typeof entry !== 'object') {
          continue;
        }
        var givenValue = entry.value;
        var givenAttributes = entry.attributes;
        var value = typeof givenValue === 'string' ? givenValue : '';
        var attributes = typeof givenAttributes === 'string' ? givenAttributes : '';
        var whole = name + value + attributes; // one search for control characters; its length bounds the pair's
        if (whole.search(CONTROL) < 0 && (rules.every || cookieNameApplies(name, rules))
          && (name !== '' && whole.length <= 1024 || cookieIsStorable(name, value))) {
          var tail = ';' + attributes;
          var rewritten = partitionCookieAttributes(tail, rules);
          if (rewritten !== tail) {
            // As CloudFront presents them: no leading separator, no spaces around.
            var bare = rewritten.slice(1);
            entry.attributes = bare.trim() === bare ? bare : trimWsp(bare);
          }
        }
      }
    } catch (e) {
      // An exception here would be a 503 for the visitor; leave this cookie as it was.
    }
  }
}

/**
 * Rewrites every `set-cookie` header of a Lambda@Edge origin-response event's response in place:
 * `headers['set-cookie']` is an array of `{ key, value }`, one per header, never combined.
 * @param {unknown} headers
 * @param {EdgeRules} rules
 */
function partitionLambdaEdgeHeaders(headers, rules) {
  var setCookies = headers && typeof headers === 'object' ? /** @type {Record<string, unknown>} */ (headers)['set-cookie'] : undefined;
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

if (typeof module === 'object') {
  module.exports = {
    edgeRules: edgeRules,
    nameMatches: nameMatches,
    cookieNameApplies: cookieNameApplies,
    octets: octets,
    trimWsp: trimWsp,
    cookieIsStorable: cookieIsStorable,
    CONTROL: CONTROL,
    partitionCookieAttributes: partitionCookieAttributes,
    partitionSetCookieValue: partitionSetCookieValue,
    partitionCloudFrontCookies: partitionCloudFrontCookies,
    partitionLambdaEdgeHeaders: partitionLambdaEdgeHeaders,
  };
}
