/**
 * The Azure Application Gateway v2 rewrite rule set generated from a cookie policy: plain
 * ARM-shaped objects (the `rewriteRuleSets` element of a `Microsoft.Network/applicationGateways`
 * body) with RE2 patterns. No cloud SDK imports: lib/azure puts the result into the gateway.
 *
 * Why it looks the way it does:
 *
 * - A plain rewrite of `Set-Cookie` keeps one header and drops every other `Set-Cookie` of the
 *   response (Microsoft's documented limitation). Only a response header configuration with a
 *   `headerValueMatcher` rewrites one cookie among many, so there is one per cookie name.
 * - The new value is a fixed template filled with the matcher's captures
 *   (`{capt_header_value_matcher_N}`); RE2 has no lookaround, so the template cannot ask "is
 *   there a Path already?". Instead it relies on RFC 6265bis: for `Path` and `SameSite` the LAST
 *   occurrence wins, and repeating a flag is harmless. The template therefore
 *   - puts `Path=/` right after the name-value pair, BEFORE the cookie's own attributes, so an
 *     existing `Path=/genesys` still comes later and wins, and a cookie without one gets `/`;
 *   - appends `SameSite=None` AFTER the cookie's own attributes, so a `SameSite=Lax` never
 *     survives as the effective value;
 *   - appends `HttpOnly`, `Secure` and `Partitioned`, which are flags: a second copy changes nothing.
 *   What a browser stores is the same as what `partitionSetCookie` produces; the bytes differ
 *   (attributes can repeat, a cookie that was already right still gets the suffix).
 * - Each pattern is anchored (`^…$`) and uses only syntax RE2 and PCRE share, so it matches the
 *   same way whether the gateway searches or matches whole values.
 * - Names are case-sensitive, as cookie names are (`ignoreCase: false`). A policy entry `PREFIX*`
 *   becomes a name pattern; its exclusions are compiled into the pattern (a negative trie).
 * - One rewrite rule per cookie name, each with one condition (the response has a `Set-Cookie`,
 *   as in Microsoft's own header-value-matcher sample) and one header configuration.
 */
import { CookiePolicy, CookiePolicyProps, isHttpToken } from './policy';
import { nameMatches } from './edge/rewrite';

/** The cookie GMS' CometD server identifies a browser by. */
export const BAYEUX_BROWSER_COOKIE = 'BAYEUX_BROWSER';
/** The servlet session cookie GMS' Jetty sets (with `Path=/genesys`). */
export const JSESSIONID_COOKIE = 'JSESSIONID';
/** The affinity cookie Application Gateway sets when cookie-based affinity is on. */
export const APP_GATEWAY_AFFINITY_COOKIE = 'ApplicationGatewayAffinity';
/** The gateway sets a companion `<affinity cookie name>CORS` with `SameSite=None; Secure`. */
export const APP_GATEWAY_AFFINITY_CORS_SUFFIX = 'CORS';
/** Application Gateway: at most 40 header configurations (and 40 conditions) per rewrite rule set. */
export const APP_GATEWAY_MAX_HEADER_CONFIGURATIONS_PER_RULE_SET = 40;
/** Application Gateway: `ruleSequence` range. */
export const APP_GATEWAY_RULE_SEQUENCE_MAX = 1000;

/** `headerValueMatcher` of a header configuration (ARM API 2023-11-01 and later). */
export interface AppGatewayHeaderValueMatcher {
  /** RE2 pattern matched against one header value. */
  readonly pattern: string;
  readonly ignoreCase: boolean;
  readonly negate: boolean;
}

/** A request or response header configuration of a rewrite action set. */
export interface AppGatewayHeaderConfiguration {
  readonly headerName: string;
  /** The new value; may reference captures such as `{capt_header_value_matcher_1}`. Empty deletes. */
  readonly headerValue?: string;
  /** Only for `Set-Cookie` response headers: which of several headers this configuration rewrites. */
  readonly headerValueMatcher?: AppGatewayHeaderValueMatcher;
}

/** A rewrite rule condition: all of a rule's conditions must hold. */
export interface AppGatewayRewriteRuleCondition {
  /** `http_req_<Header>`, `http_resp_<Header>` or `var_<serverVariable>`. */
  readonly variable: string;
  readonly pattern: string;
  readonly ignoreCase: boolean;
  readonly negate: boolean;
}

/** What a rewrite rule does. */
export interface AppGatewayRewriteActionSet {
  readonly requestHeaderConfigurations: AppGatewayHeaderConfiguration[];
  readonly responseHeaderConfigurations: AppGatewayHeaderConfiguration[];
}

/** One rewrite rule. */
export interface AppGatewayRewriteRule {
  readonly name: string;
  /** Lower runs first. */
  readonly ruleSequence: number;
  readonly conditions: AppGatewayRewriteRuleCondition[];
  readonly actionSet: AppGatewayRewriteActionSet;
}

/** One element of the gateway's `properties.rewriteRuleSets`, exactly as ARM takes it. */
export interface AppGatewayRewriteRuleSet {
  readonly name: string;
  readonly properties: {
    readonly rewriteRules: AppGatewayRewriteRule[];
  };
}

/** Options of {@link appGatewayRewriteRuleSet}. */
export interface AppGatewayRewriteRuleSetOptions {
  /**
   * The cookie policy. Application Gateway cannot rewrite "every cookie": each header
   * configuration names the cookie it rewrites. So the cookies listed are GMS' own
   * (`BAYEUX_BROWSER`, `JSESSIONID`), `additionalCookieNames` and the policy's `cookieNames` —
   * each only if the policy targets it — and the gateway's affinity pairs, always, unless the
   * policy's `excludeCookieNames` name them (stickiness depends on them).
   *
   * @default - every cookie, all attributes (CookiePolicy.DEFAULT)
   */
  readonly policy?: CookiePolicy | CookiePolicyProps;

  /**
   * The affinity cookie names the gateway sets (one per backend setting with its own
   * `affinityCookieName`); each also brings its `<name>CORS` companion. An empty list when
   * affinity is off.
   *
   * @default ['ApplicationGatewayAffinity']
   */
  readonly affinityCookieNames?: string[];

  /**
   * More cookie names (or `PREFIX*`) to rewrite, for a policy that targets every cookie.
   *
   * @default - none
   */
  readonly additionalCookieNames?: string[];

  /**
   * The rule set's name.
   *
   * @default 'partitioned-cookies'
   */
  readonly name?: string;

  /**
   * `ruleSequence` of the first rule; the others follow by one.
   *
   * @default 100
   */
  readonly firstRuleSequence?: number;

  /**
   * Response headers every response gets (the security headers), set by one more rule without
   * conditions after the cookie rules. Each costs one of the rule set's 40 header configurations.
   * They never touch Set-Cookie.
   *
   * @default - none
   */
  readonly responseHeaders?: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}

/** The name of the rule that sets {@link AppGatewayRewriteRuleSetOptions.responseHeaders}. */
export const APP_GATEWAY_RESPONSE_HEADERS_RULE = 'security-headers';

/** The capture placeholder Application Gateway fills from a `headerValueMatcher` group. */
export function headerValueMatcherCapture(group: number): string {
  return `{capt_header_value_matcher_${group}}`;
}

/** A cookie name as Application Gateway sees it, and the pattern that selects it. */
export interface PartitionedCookieMatcher {
  /** The cookie name, or `PREFIX*`. */
  readonly cookieName: string;
  /** The RE2 pattern for a whole Set-Cookie value of this name: group 1 = name-value pair, group 2 = attributes. */
  readonly pattern: string;
}

const WSP_CLASS = '[ \\t]';

/** Escapes a literal for an RE2 (and PCRE) pattern: only the metacharacters. */
function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** Escapes one character for use inside an RE2 character class. */
function escapeClassCharacter(character: string): string {
  return /[\\\]^-]/.test(character) ? `\\${character}` : character;
}

interface ExclusionTrieNode {
  readonly children: Map<string, ExclusionTrieNode>;
  /** An excluded prefix ends here: nothing below is a match. */
  prefixEnd: boolean;
  /** An excluded exact name ends here: the name may not stop here. */
  exactEnd: boolean;
}

function newTrieNode(): ExclusionTrieNode {
  return { children: new Map(), prefixEnd: false, exactEnd: false };
}

/**
 * RE2 for the rest of a cookie name (after a prefix, before optional WSP and `=`) that does not
 * hit any exclusion in the trie. `undefined` when nothing can match below this node.
 */
function restAvoiding(node: ExclusionTrieNode): string | undefined {
  if (node.prefixEnd) {
    return undefined;
  }
  if (node.children.size === 0 && !node.exactEnd) {
    return '[^;=]*';
  }
  const alternatives: string[] = [];
  if (!node.exactEnd) {
    alternatives.push(''); // the name may stop here (trailing WSP is consumed by the caller)
  }
  const excludedClass = [...node.children.keys()].map(escapeClassCharacter).join('');
  // Diverge from every excluded continuation with a character that is not WSP, or with WSP that
  // is followed by more name (WSP alone at the end is trimmed away, so it would not diverge).
  alternatives.push(`(?:[^${excludedClass};= \\t]|${WSP_CLASS}+[^;= \\t])[^;=]*`);
  for (const [character, child] of node.children) {
    const rest = restAvoiding(child);
    if (rest !== undefined) {
      alternatives.push(escapeLiteral(character) + rest);
    }
  }
  return `(?:${alternatives.join('|')})`;
}

/** RE2 for the cookie names the policy targets that start with `prefix`. */
function prefixNamePattern(prefix: string, policy: CookiePolicy): string {
  const root = newTrieNode();
  const exclusions = [
    ...policy.rules.excludePrefixes.map((stem) => ({ stem, prefix: true })),
    ...policy.rules.excludeNames.map((stem) => ({ stem, prefix: false })),
  ].filter((exclusion) => exclusion.stem.startsWith(prefix));
  for (const exclusion of exclusions) {
    let node = root;
    for (const character of exclusion.stem.slice(prefix.length)) {
      let child = node.children.get(character);
      if (child === undefined) {
        child = newTrieNode();
        node.children.set(character, child);
      }
      node = child;
    }
    if (exclusion.prefix) {
      node.prefixEnd = true;
    } else {
      node.exactEnd = true;
    }
  }
  const rest = restAvoiding(root);
  if (rest === undefined) {
    throw new Error(`appGatewayRewriteRuleSet: the policy excludes every cookie of prefix ${JSON.stringify(`${prefix}*`)}`);
  }
  return escapeLiteral(prefix) + rest;
}

/** The RE2 pattern that selects whole Set-Cookie values of one name (or `PREFIX*`). */
function setCookiePattern(namePattern: string): string {
  // Group 1: the name-value pair (up to the first ';'); group 2: everything after it, maybe empty.
  return `^(${WSP_CLASS}*${namePattern}${WSP_CLASS}*=[^;]*)(.*)$`;
}

function checkCookieNameEntry(field: string, entry: string, index: number): void {
  const stem = entry.endsWith('*') ? entry.slice(0, -1) : entry;
  if (typeof entry !== 'string' || !isHttpToken(stem) || stem.includes('*')) {
    throw new Error(`appGatewayRewriteRuleSet: ${field}[${index}] ${JSON.stringify(entry)} is not a cookie name: use RFC 6265 token characters, optionally followed by a single trailing * for a prefix`);
  }
}

/** Whether the policy's `excludeCookieNames` name this cookie (exactly or by prefix). */
function explicitlyExcluded(policy: CookiePolicy, name: string): boolean {
  return nameMatches(name, policy.rules.excludeNames, policy.rules.excludePrefixes);
}

/**
 * The gateway affinity cookies (each name and its `CORS` companion) that the policy's
 * `excludeCookieNames` keep out of the rule set. Affinity cookies are otherwise always rewritten;
 * an excluded one stays a third-party cookie, so browsers that block those lose stickiness.
 */
export function affinityCookiesExcludedByPolicy(policy: CookiePolicy | CookiePolicyProps | undefined, affinityCookieNames: string[]): string[] {
  const resolved = CookiePolicy.of(policy);
  return affinityCookieNames
    .flatMap((name) => [name, name + APP_GATEWAY_AFFINITY_CORS_SUFFIX])
    .filter((name) => explicitlyExcluded(resolved, name));
}

/**
 * The cookie names (and `PREFIX*` entries) the rule set rewrites, each with its pattern; entries
 * another entry already covers are left out, so no cookie is rewritten twice.
 */
export function partitionedCookieMatchers(options: AppGatewayRewriteRuleSetOptions = {}): PartitionedCookieMatcher[] {
  const policy = CookiePolicy.of(options.policy);
  const affinityCookieNames = options.affinityCookieNames ?? [APP_GATEWAY_AFFINITY_COOKIE];
  const additional = options.additionalCookieNames ?? [];
  affinityCookieNames.forEach((name, index) => {
    if (name.endsWith('*')) {
      throw new Error(`appGatewayRewriteRuleSet: affinityCookieNames[${index}] ${JSON.stringify(name)} must be a cookie name, not a prefix`);
    }
    checkCookieNameEntry('affinityCookieNames', name, index);
  });
  additional.forEach((name, index) => checkCookieNameEntry('additionalCookieNames', name, index));

  const affinityPair = new Set(affinityCookieNames.flatMap((name) => [name, name + APP_GATEWAY_AFFINITY_CORS_SUFFIX]));
  const candidates = [
    BAYEUX_BROWSER_COOKIE,
    JSESSIONID_COOKIE,
    ...affinityPair,
    ...additional,
    ...policy.cookieNames,
  ];
  const entries: Array<{ readonly text: string; readonly stem: string; readonly prefix: boolean }> = [];
  for (const text of candidates) {
    const prefix = text.endsWith('*');
    const stem = prefix ? text.slice(0, -1) : text;
    if (entries.some((entry) => entry.text === text)) {
      continue;
    }
    // An exact name the policy does not target is not rewritten; a prefix is kept when the
    // policy targets at least its own stem's family (its exclusions go into the pattern). The
    // affinity cookies are the exception: stickiness needs them, so a policy that merely does not
    // list them still gets them rewritten; only an explicit exclusion leaves them alone.
    if (!prefix && !policy.appliesTo(stem) && !(affinityPair.has(stem) && !explicitlyExcluded(policy, stem))) {
      continue;
    }
    if (prefix && !policy.targetsAllCookies && !policy.cookieNames.some((name) => name.endsWith('*') && stem.startsWith(name.slice(0, -1)))) {
      continue;
    }
    entries.push({ text, stem, prefix });
  }
  // Entries are unique, so a prefix that covers another entry is a different, shorter (or, for an
  // exact name, equal) stem: the covered entry would only rewrite the same cookies twice.
  const covered = (entry: { readonly text: string; readonly stem: string }): boolean =>
    entries.some((other) => other !== entry && other.prefix && entry.stem.startsWith(other.stem));
  return entries
    .filter((entry) => !covered(entry))
    .map((entry) => ({
      cookieName: entry.text,
      pattern: setCookiePattern(entry.prefix ? prefixNamePattern(entry.stem, policy) : escapeLiteral(entry.stem)),
    }));
}

/** The header value template: captures of the Set-Cookie pattern of {@link partitionedCookieMatchers} plus the ensured attributes. */
export function partitionedSetCookieTemplate(policy?: CookiePolicy | CookiePolicyProps): string {
  const rules = CookiePolicy.of(policy).rules;
  return [
    headerValueMatcherCapture(1),
    rules.rootPath ? '; Path=/' : '',
    headerValueMatcherCapture(2),
    '; SameSite=None',
    rules.httpOnly ? '; HttpOnly' : '',
    '; Secure; Partitioned',
  ].join('');
}

/** Turns a cookie name into characters Application Gateway accepts in a sub-resource name. */
function ruleNameFor(index: number, cookieName: string): string {
  const readable = cookieName.replace(/\*$/, '-prefix').replace(/[^A-Za-z0-9_.-]/g, '_');
  return `partition-${index + 1}-${readable}`.slice(0, 80).replace(/[.-]+$/, '');
}

/**
 * The Application Gateway rewrite rule set that makes every targeted cookie a CHIPS partitioned
 * cookie (`SameSite=None; Secure; Partitioned`, plus `HttpOnly` and `Path=/` when absent, per
 * the policy), without dropping any other Set-Cookie header of the response.
 *
 * @throws when more than 40 cookie names are needed (the gateway's per-rule-set limit), or when
 *   an option is not a valid cookie name
 */
export function appGatewayRewriteRuleSet(options: AppGatewayRewriteRuleSetOptions = {}): AppGatewayRewriteRuleSet {
  const name = options.name ?? 'partitioned-cookies';
  const firstRuleSequence = options.firstRuleSequence ?? 100;
  const matchers = partitionedCookieMatchers(options);
  const responseHeaders = options.responseHeaders ?? [];
  if (responseHeaders.some((header) => !isHttpToken(header.name) || header.name.toLowerCase() === 'set-cookie')) {
    throw new Error(`appGatewayRewriteRuleSet: responseHeaders must be header names other than Set-Cookie, got ${JSON.stringify(responseHeaders.map((header) => header.name))}`);
  }
  if (matchers.length === 0) {
    throw new Error('appGatewayRewriteRuleSet: the policy targets none of the cookies the gateway can name; list the cookies in the policy\'s cookieNames or in additionalCookieNames');
  }
  if (matchers.length + responseHeaders.length > APP_GATEWAY_MAX_HEADER_CONFIGURATIONS_PER_RULE_SET) {
    throw new Error(`appGatewayRewriteRuleSet: ${matchers.length} cookie names${responseHeaders.length > 0 ? ` and ${responseHeaders.length} response headers` : ''} need ${matchers.length + responseHeaders.length} header configurations, but Application Gateway allows at most ${APP_GATEWAY_MAX_HEADER_CONFIGURATIONS_PER_RULE_SET} per rewrite rule set; use PREFIX* entries in the policy's cookieNames or fewer additionalCookieNames (${matchers.map((matcher) => matcher.cookieName).join(', ')})`);
  }
  const ruleCount = matchers.length + (responseHeaders.length > 0 ? 1 : 0);
  if (!Number.isInteger(firstRuleSequence) || firstRuleSequence < 1 || firstRuleSequence + ruleCount - 1 > APP_GATEWAY_RULE_SEQUENCE_MAX) {
    throw new Error(`appGatewayRewriteRuleSet: firstRuleSequence must be an integer from 1 to ${APP_GATEWAY_RULE_SEQUENCE_MAX - ruleCount + 1} for ${ruleCount} rules, got ${firstRuleSequence}`);
  }
  const headerValue = partitionedSetCookieTemplate(options.policy);
  return {
    name,
    properties: {
      rewriteRules: matchers.map((matcher, index): AppGatewayRewriteRule => ({
        name: ruleNameFor(index, matcher.cookieName),
        ruleSequence: firstRuleSequence + index,
        conditions: [
          // Only responses that carry a Set-Cookie: the matcher then picks the one header.
          { variable: 'http_resp_Set-Cookie', pattern: '.*', ignoreCase: true, negate: false },
        ],
        actionSet: {
          requestHeaderConfigurations: [],
          responseHeaderConfigurations: [
            {
              headerName: 'Set-Cookie',
              headerValue,
              headerValueMatcher: { pattern: matcher.pattern, ignoreCase: false, negate: false },
            },
          ],
        },
      })).concat(responseHeaders.length === 0 ? [] : [{
        name: APP_GATEWAY_RESPONSE_HEADERS_RULE,
        ruleSequence: firstRuleSequence + matchers.length,
        // No condition: every response the gateway forwards from a node.
        conditions: [],
        actionSet: {
          requestHeaderConfigurations: [],
          responseHeaderConfigurations: responseHeaders.map((header) => ({ headerName: header.name, headerValue: header.value })),
        },
      }]),
    },
  };
}
