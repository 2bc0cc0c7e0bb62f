/**
 * The path conditions of the listener rules that forward the exposed paths to the default node
 * group. A rule holds at most 5 condition values and 5 wildcards in all (Elastic Load Balancing
 * quotas, "Condition values per rule" and "Condition wildcards per rule"); the secret origin
 * header takes one value per accepted secret (two during a rotation), so each rule takes at most
 * 5 minus that many paths, and 5 wildcards.
 */
import { GmsExposure } from '../../gms';

const CONDITION_VALUES_PER_RULE = 5;
const WILDCARDS_PER_RULE = 5;

const wildcardsOf = (pattern: string): number => pattern.match(/[*?]/g)?.length ?? 0;

/**
 * The path patterns of each rule, in order; `[undefined]` (one rule without a path condition)
 * when everything is exposed.
 */
export function exposureRuleConditions(exposure: GmsExposure, secretHeaderValues: number): Array<string[] | undefined> {
  const pathsPerRule = CONDITION_VALUES_PER_RULE - secretHeaderValues;
  if (exposure.exposesEverything) {
    return [undefined];
  }
  const rules: string[][] = [];
  let current: string[] = [];
  for (const pattern of exposure.pathPatterns) {
    const wildcards = current.reduce((count, path) => count + wildcardsOf(path), 0) + wildcardsOf(pattern);
    if (current.length === pathsPerRule || wildcards > WILDCARDS_PER_RULE) {
      rules.push(current);
      current = [];
    }
    current.push(pattern);
  }
  if (current.length > 0) {
    rules.push(current);
  }
  return rules;
}
