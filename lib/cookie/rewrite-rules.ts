/**
 * The policy in the plain, JSON-serialisable form the edge rewrite reads (see CookiePolicy).
 * Declared here, in TypeScript, so that the public API's declarations do not depend on the
 * declarations TypeScript derives from the JavaScript module (lib/cookie/edge/rewrite.js), which
 * refers to this type from its JSDoc.
 */
export interface CookieRewriteRules {
  /** Whether every cookie is targeted (before exclusions). */
  readonly all: boolean;
  /** Exact cookie names targeted when `all` is false. */
  readonly names: string[];
  /** Cookie name prefixes targeted when `all` is false. */
  readonly prefixes: string[];
  /** Exact cookie names never touched. */
  readonly excludeNames: string[];
  /** Cookie name prefixes never touched. */
  readonly excludePrefixes: string[];
  /** Whether `HttpOnly` is added. */
  readonly httpOnly: boolean;
  /** Whether `Path=/` is added when a cookie has no Path. */
  readonly rootPath: boolean;
}
