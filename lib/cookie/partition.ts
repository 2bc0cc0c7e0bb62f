import { CookiePolicy, CookiePolicyProps } from './policy';
import { EdgeRules, edgeRules, partitionSetCookieValue } from './edge/rewrite';

/** The rules each policy is run with, computed once per policy. */
const rulesOfPolicy = new WeakMap<CookiePolicy, EdgeRules>();

/**
 * Rewrites one Set-Cookie header value into a CHIPS partitioned cookie: every SameSite becomes
 * `None` in place; `HttpOnly`, `Secure`, `Path=/` and `Partitioned` are appended when absent;
 * the name, value bytes and every other attribute are kept in order. Idempotent. Never throws:
 * a value a browser would ignore, or that the policy does not target, comes back unchanged.
 *
 * @param value one Set-Cookie header value (never several joined with commas)
 * @param policy which cookies and attributes; default: every cookie, all attributes
 */
export function partitionSetCookie(value: string, policy?: CookiePolicy | CookiePolicyProps): string {
  const resolved = CookiePolicy.of(policy);
  let rules = rulesOfPolicy.get(resolved);
  if (rules === undefined) {
    rules = edgeRules(resolved.rules);
    rulesOfPolicy.set(resolved, rules);
  }
  return partitionSetCookieValue(value, rules);
}
