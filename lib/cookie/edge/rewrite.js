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
 * - `/i` only on text without U+017F: njs's PCRE folds case by Unicode (`ſ` matches `s`), browsers
 *   compare attribute names in ASCII only (see foldSafe);
 * - the policy is module state (RULES, NAMES) rather than a parameter: the bundles declare it as
 *   literals, so the minifier folds each flag into the code and drops what the policy never uses;
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

/**
 * The policy every function below applies: the flags, and the name lists `cookieNameApplies`
 * reads (only when `RULES.every` is false). Two objects because the minifier folds the properties
 * of an object literal of plain values only. The edge bundles declare both as literals ahead of
 * this module; Node sets them for the length of one call (`underRules`; all here is synchronous).
 */
/** @type {EdgeRules} */
var RULES;
/** @type {CookieRewriteRules} */
var NAMES;

/** One entry of a CloudFront viewer-response `cookies` object. @typedef {{ value?: string, attributes?: string, multiValue?: CloudFrontCookie[] }} CloudFrontCookie */

// eslint-disable-next-line no-control-regex
var CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
// eslint-disable-next-line no-control-regex
var NON_ASCII = /[^\x00-\x7f]/;
var WSP = ' \t';
var LONG_S = '\u017f';
// The CloudFront Function's one search per cookie: a control character, or a U+017F to fold.
// eslint-disable-next-line no-control-regex
var CONTROL_OR_LONG_S = /[\x00-\x08\x0a-\x1f\x7f\u017f]/;
// The attribute patterns below ignore case with `/i`, and only ever see text without U+017F (see
// foldSafe): njs's PCRE matches `ſ` for `s` under `/i`, browsers compare names in ASCII only.
var SECURE_OR_HOST_PREFIX = /^__(secure|host)-/i;
// An attribute name at the start of a segment, followed by `=`, `;` or the end. (Each starts
// with `;`, which lets PCRE skip to the candidates: `(?:^|;)` costs njs far more.)
var SAME_SITE = /;[\t ]*samesite[\t ]*(?![^;=])/i;
// Every SameSite that is not None (valueless, or another value): its name (with what precedes
// it), then its value from the `=` (or nothing) up to the spaces before the next `;` or the end.
// Without `/i`, since `replace` sees the tail itself, U+017F and all. It never matches an empty
// string (it starts with `;`): njs 0.7 was seen looping forever on a global regex over a long
// non-ASCII string, and the njs tests run this one on such tails.
var SAME_SITE_VALUE = /(;[\t ]*[Ss][Aa][Mm][Ee][Ss][Ii][Tt][Ee])([\t ]*=(?![\t ]*[Nn][Oo][Nn][Ee][\t ]*(?:;|$))[^;]*?|)(?=[\t ]*(?:;|$))/g;
var HTTP_ONLY = /;[\t ]*httponly[\t ]*(?![^;=])/i;
var SECURE = /;[\t ]*secure[\t ]*(?![^;=])/i;
var PATH = /;[\t ]*path[\t ]*(?![^;=])/i;
var PARTITIONED = /;[\t ]*partitioned[\t ]*(?![^;=])/i;

/**
 * `text` with every U+017F (LATIN SMALL LETTER LONG S) replaced by `x`, one character for one in
 * every engine, so a `/i` pattern cannot take it for an `s`. A native `indexOf` on clean input.
 * @param {string} text
 * @returns {string}
 */
function foldSafe(text) {
  return text.indexOf(LONG_S) < 0 ? text : text.split(LONG_S).join('x');
}

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
 * Trims RFC 6265bis WSP (space and tab) only: `String#trim` also strips NBSP and more.
 * @param {string} text
 * @returns {string}
 */
function trimWsp(text) {
  var start = 0;
  var end = text.length;
  while (start < end && WSP.indexOf(text.charAt(start)) >= 0) {
    start++;
  }
  while (end > start && WSP.indexOf(text.charAt(end - 1)) >= 0) {
    end--;
  }
  return text.slice(start, end);
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
  return (name !== '' || value !== '' && foldSafe(value).search(SECURE_OR_HOST_PREFIX) !== 0) && octets(name) + octets(value) <= 4096;
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
 * @param {boolean} mayHoldLongS false only when the caller knows there is no U+017F in `tail`
 * @returns {string}
 */
function partitionCookieAttributes(tail, mayHoldLongS) {
  // At most 256 characters hold no value over 1024 octets, however the engine counts.
  var scan = tail.length > 256 ? withoutIgnoredAttributes(tail) : tail;
  if (mayHoldLongS) {
    scan = foldSafe(scan);
  }
  // Most cookies have no SameSite, or SameSite=None: one search, or two, then nothing to rewrite.
  var hasSameSite = scan.search(SAME_SITE) >= 0;
  var rewritten = hasSameSite && scan.search(SAME_SITE_VALUE) >= 0 ? tail.replace(SAME_SITE_VALUE, function (match, name, value) {
    var eq = value.indexOf('=') + 1;
    // Keep the attribute's own spelling and spacing, and what a browser ignores (a value over
    // 1024 octets, as withoutIgnoredAttributes); only the value changes.
    return octets(trimWsp(value.slice(eq))) > 1024 ? match : name + (eq ? value.slice(0, eq) : '=') + 'None';
  }) : tail;
  var added = (hasSameSite ? '' : '; SameSite=None')
    + (RULES.httpOnly && scan.search(HTTP_ONLY) < 0 ? '; HttpOnly' : '')
    + (scan.search(SECURE) < 0 ? '; Secure' : '')
    + (RULES.rootPath && scan.search(PATH) < 0 ? '; Path=/' : '')
    + (scan.search(PARTITIONED) < 0 ? '; Partitioned' : '');
  if (added === '') {
    return rewritten;
  }
  // Append after the last attribute that is not blank: its own trailing spaces are kept, empty
  // segments after it are not.
  var contentEnd = rewritten.length;
  for (var i = contentEnd; i > 0; i--) {
    var character = rewritten.charAt(i - 1);
    if (character === ';') {
      contentEnd = i - 1;
    } else if (WSP.indexOf(character) < 0) {
      break;
    }
  }
  // (slice only when it cuts: in njs every slice is a new string, and nothing is ever freed)
  return (contentEnd < rewritten.length ? rewritten.slice(0, contentEnd) : rewritten) + added;
}

/**
 * Rewrites one Set-Cookie header value per the rules. Never throws; a value that is not a
 * string, that a browser would ignore, or that the rules do not target is returned unchanged.
 * @param {string} header
 * @returns {string}
 */
function partitionSetCookieValue(header) {
  if (typeof header !== 'string' || header.search(CONTROL) >= 0) {
    return header;
  }
  var semicolon = header.indexOf(';');
  var pair = semicolon < 0 ? header : header.slice(0, semicolon);
  var eq = pair.indexOf('=');
  // RFC 6265bis: a pair without '=' is a nameless cookie whose value is the whole pair.
  var name = eq < 0 ? '' : trimWsp(pair.slice(0, eq));
  if (!(RULES.every || cookieNameApplies(name, NAMES)) || !(name !== '' && pair.length <= 1024 || cookieIsStorable(name, eq < 0 ? pair : pair.slice(eq + 1)))) {
    return header;
  }
  var tail = semicolon < 0 ? '' : header.slice(semicolon);
  var rewritten = partitionCookieAttributes(tail, true);
  return rewritten === tail ? header : pair + rewritten;
}

/**
 * Rewrites every cookie of a CloudFront viewer-response `cookies` object in place. Each entry is
 * `{ value, attributes }`, where `attributes` has no leading `; ` and may be missing or empty.
 * Several cookies of one name arrive as `multiValue`, which is then what CloudFront reads back.
 * A failure on one cookie leaves it as it was and does not stop the others; a `cookies` that is
 * not an object throws (the handler returns the response as it came).
 * @param {unknown} cookies
 */
function partitionCloudFrontCookies(cookies) {
  var jar = /** @type {Record<string, CloudFrontCookie>} */ (cookies);
  var names = Object.keys(jar);
  for (var i = 0; i < names.length; i++) {
    // Whatever is not shaped as CloudFront documents it throws here (a property of null, or set
    // on a number), and that cookie is left as it was.
    try {
      var name = names[i];
      var cookie = jar[name];
      var multiValue = cookie.multiValue;
      var count = multiValue ? multiValue.length : 0;
      // The entries of multiValue, then the cookie itself (inline: a call costs an interpreter).
      for (var j = 0; j <= count; j++) {
        var entry = j < count ? /** @type {CloudFrontCookie[]} */ (multiValue)[j] : cookie;
        var value = entry.value || '';
        var attributes = entry.attributes || '';
        var whole = name + value + attributes; // one search for control characters and U+017F; its length bounds the pair's
        var unusual = whole.search(CONTROL_OR_LONG_S) >= 0;
        if (!(unusual && whole.search(CONTROL) >= 0) && (RULES.every || cookieNameApplies(name, NAMES))
          && (name !== '' && whole.length <= 1024 || cookieIsStorable(name, value))) {
          var tail = ';' + attributes;
          var rewritten = partitionCookieAttributes(tail, unusual);
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
 */
function partitionLambdaEdgeHeaders(headers) {
  var setCookies = /** @type {Record<string, { value: string }[] | undefined>} */ (headers)['set-cookie'] || [];
  for (var i = 0; i < setCookies.length; i++) {
    try {
      setCookies[i].value = partitionSetCookieValue(setCookies[i].value);
    } catch (e) {
      // Leave this header as it was (a header that is not an object); never fail the response.
    }
  }
}

/**
 * `rewrite(input)` under `rules`: how Node calls the functions above (the bundles bake the rules in).
 * @template T, R
 * @param {EdgeRules} rules
 * @param {(input: T) => R} rewrite
 * @param {T} input
 * @returns {R}
 */
function underRules(rules, rewrite, input) {
  var outerRules = RULES;
  var outerNames = NAMES;
  RULES = NAMES = rules;
  try {
    return rewrite(input);
  } finally {
    RULES = outerRules;
    NAMES = outerNames;
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
    /** @type {(tail: string, rules: EdgeRules) => string} */
    partitionCookieAttributes: function (tail, rules) {
      return underRules(rules, function (/** @type {string} */ attributes) {
        return partitionCookieAttributes(attributes, true);
      }, tail);
    },
    /** @type {(header: string, rules: EdgeRules) => string} */
    partitionSetCookieValue: function (header, rules) {
      return underRules(rules, partitionSetCookieValue, header);
    },
    /** @type {(cookies: unknown, rules: EdgeRules) => void} */
    partitionCloudFrontCookies: function (cookies, rules) {
      underRules(rules, partitionCloudFrontCookies, cookies);
    },
    /** @type {(headers: unknown, rules: EdgeRules) => void} */
    partitionLambdaEdgeHeaders: function (headers, rules) {
      underRules(rules, partitionLambdaEdgeHeaders, headers);
    },
  };
}
