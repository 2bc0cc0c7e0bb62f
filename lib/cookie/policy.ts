/**
 * The cookie policy: which Set-Cookie headers the edge rewrites, and which attributes it ensures.
 *
 * `Secure`, `SameSite=None` and `Partitioned` are always ensured: a CHIPS cookie is rejected
 * without `Secure`, and is not sent cross-site without `SameSite=None`.
 */

import { cookieNameApplies } from './edge/rewrite';
import type { CookieRewriteRules } from './rewrite-rules';

/**
 * The policy in the plain, JSON-serialisable form that the edge code is generated with.
 * Produced by {@link CookiePolicy}; embedded verbatim in the CloudFront Function and the
 * Lambda@Edge handler. Declared beside the rewrite that reads it (edge/rewrite.js).
 */
export type { CookieRewriteRules };

/** Options of a {@link CookiePolicy}. */
export interface CookiePolicyProps {
  /**
   * Cookies to rewrite, by exact name or by name prefix written as `PREFIX*` (for example
   * `AWSALB*` for `AWSALB`, `AWSALBCORS`, `AWSALBAPP-0` and `AWSALBTG`).
   * Names are case-sensitive, as cookie names are.
   *
   * @default - every cookie that passes through the edge (the GMS host serves only GMS)
   */
  readonly cookieNames?: string[];

  /**
   * Cookies never rewritten, by exact name or `PREFIX*`, even when `cookieNames` matches them.
   * An exclusion that also matches an entry of `cookieNames` is a contradiction and an error.
   *
   * @default - none
   */
  readonly excludeCookieNames?: string[];

  /**
   * Add `HttpOnly` to cookies that lack it. GMS and the balancers never need script access to
   * their cookies; turn this off only if the chat widget reads a cookie from JavaScript.
   *
   * @default true
   */
  readonly httpOnly?: boolean;

  /**
   * Add `Path=/` to cookies that have no `Path` attribute. An existing `Path` is always kept.
   *
   * @default true
   */
  readonly rootPath?: boolean;
}

const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Whether `text` is an RFC 9110 token: the grammar of an RFC 6265 cookie-name and of an HTTP
 * header field name.
 */
export function isHttpToken(text: unknown): text is string {
  return typeof text === 'string' && HTTP_TOKEN.test(text);
}

/** A parsed `cookieNames` entry. */
interface NamePattern {
  readonly text: string;
  readonly prefix: boolean;
  /** The name, or the prefix without its `*`. */
  readonly stem: string;
}

function parseNamePatterns(field: string, entries: string[] | undefined): NamePattern[] {
  if (entries === undefined) {
    return [];
  }
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new Error(`CookiePolicy: ${field} must be a non-empty list of cookie names or \`PREFIX*\` patterns; omit it to mean "every cookie"`);
  }
  const seen = new Set<string>();
  return entries.map((text, index) => {
    if (typeof text !== 'string') {
      throw new Error(`CookiePolicy: ${field}[${index}] must be a string, got ${typeof text}`);
    }
    const prefix = text.endsWith('*');
    const stem = prefix ? text.slice(0, -1) : text;
    if (!isHttpToken(stem) || stem.includes('*')) {
      throw new Error(`CookiePolicy: ${field}[${index}] ${JSON.stringify(text)} is not a cookie name: use RFC 6265 token characters (letters, digits and !#$%&'+-.^_\`|~), optionally followed by a single trailing * for a prefix`);
    }
    if (seen.has(text)) {
      throw new Error(`CookiePolicy: ${field} lists ${JSON.stringify(text)} twice`);
    }
    seen.add(text);
    return { text, prefix, stem };
  });
}

/**
 * Which cookies the edge rewrites and which attributes it ensures.
 *
 * Invalid options throw at construction, naming the field.
 */
export class CookiePolicy {
  /** Every cookie; `SameSite=None; HttpOnly; Secure; Path=/; Partitioned` ensured. */
  public static readonly DEFAULT = new CookiePolicy();

  /** The policy given, the default for `undefined`, or a new policy built from props. */
  public static of(policy?: CookiePolicy | CookiePolicyProps): CookiePolicy {
    if (policy === undefined) {
      return CookiePolicy.DEFAULT;
    }
    return policy instanceof CookiePolicy ? policy : new CookiePolicy(policy);
  }

  /** The rules in the serialisable form the edge code is generated with. */
  public readonly rules: CookieRewriteRules;

  /** Whether every cookie (less exclusions) is rewritten, as opposed to a list of names. */
  public readonly targetsAllCookies: boolean;

  /** The `cookieNames` entries as given (`PREFIX*` kept), empty when every cookie is targeted. */
  public readonly cookieNames: readonly string[];

  /** The `excludeCookieNames` entries as given. */
  public readonly excludeCookieNames: readonly string[];

  public constructor(props: CookiePolicyProps = {}) {
    if (props === null || typeof props !== 'object') {
      throw new Error('CookiePolicy: props must be an object');
    }
    for (const flag of ['httpOnly', 'rootPath'] as const) {
      if (props[flag] !== undefined && typeof props[flag] !== 'boolean') {
        throw new Error(`CookiePolicy: ${flag} must be true or false, got ${JSON.stringify(props[flag])}`);
      }
    }
    const include = parseNamePatterns('cookieNames', props.cookieNames);
    const exclude = parseNamePatterns('excludeCookieNames', props.excludeCookieNames);

    for (const excluded of exclude) {
      for (const included of include) {
        // A contradiction: an exclusion that removes a name or a whole prefix the user asked for.
        const covers = excluded.prefix
          ? included.stem.startsWith(excluded.stem)
          : !included.prefix && included.stem === excluded.stem;
        if (covers) {
          throw new Error(`CookiePolicy: excludeCookieNames entry ${JSON.stringify(excluded.text)} excludes cookieNames entry ${JSON.stringify(included.text)}; remove one of them`);
        }
      }
      if (include.length > 0 && !include.some((pattern) => pattern.prefix && excluded.stem.startsWith(pattern.stem))) {
        throw new Error(`CookiePolicy: excludeCookieNames entry ${JSON.stringify(excluded.text)} matches no cookieNames entry, so it has no effect; remove it`);
      }
    }

    this.targetsAllCookies = include.length === 0;
    this.cookieNames = include.map((pattern) => pattern.text);
    this.excludeCookieNames = exclude.map((pattern) => pattern.text);
    this.rules = {
      all: this.targetsAllCookies,
      names: include.filter((pattern) => !pattern.prefix).map((pattern) => pattern.stem),
      prefixes: include.filter((pattern) => pattern.prefix).map((pattern) => pattern.stem),
      excludeNames: exclude.filter((pattern) => !pattern.prefix).map((pattern) => pattern.stem),
      excludePrefixes: exclude.filter((pattern) => pattern.prefix).map((pattern) => pattern.stem),
      httpOnly: props.httpOnly ?? true,
      rootPath: props.rootPath ?? true,
    };
  }

  /** Whether a cookie of this name is rewritten. */
  public appliesTo(cookieName: string): boolean {
    return cookieNameApplies(cookieName, this.rules);
  }

  /** The attributes this policy ensures, in the order they are appended. */
  public get ensuredAttributes(): string[] {
    return [
      'SameSite=None',
      ...(this.rules.httpOnly ? ['HttpOnly'] : []),
      'Secure',
      ...(this.rules.rootPath ? ['Path=/'] : []),
      'Partitioned',
    ];
  }
}
