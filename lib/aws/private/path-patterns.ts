/**
 * The path patterns of a node group, as an ALB listener rule takes them: characters, length,
 * count and wildcards (Elastic Load Balancing quotas "Condition values per rule" and
 * "Condition wildcards per rule").
 */
import { Construct } from 'constructs';
import { fail } from './validation';

const PATH_PATTERN = /^[A-Za-z0-9_\-.$/~"'@:+&*?]+$/;

/** Wildcards (* and ?) across the condition values of one ALB listener rule (quota, not adjustable). */
const MAX_WILDCARDS_PER_RULE = 5;

export function checkPathPatterns(scope: Construct, patterns: string[] | undefined): string[] {
  if (patterns === undefined) {
    return [];
  }
  if (!Array.isArray(patterns)) {
    fail(scope, 'pathPatterns', 'must be a list of path patterns such as /genesys/2/chat/sales*');
  }
  if (patterns.length > 4) {
    fail(scope, 'pathPatterns', `lists ${patterns.length} patterns; a listener rule takes at most 5 condition values and one is the secret origin header, so at most 4 (split the group, or use wildcards)`);
  }
  const seen = new Set<string>();
  patterns.forEach((pattern, index) => {
    if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > 128 || !(pattern.startsWith('/') || pattern.startsWith('*')) || !PATH_PATTERN.test(pattern)) {
      fail(scope, `pathPatterns[${index}]`, `must start with / (or *), be at most 128 characters of A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & and the wildcards * ?; got ${JSON.stringify(pattern)}`);
    }
    if (seen.has(pattern)) {
      fail(scope, 'pathPatterns', `lists ${pattern} twice`);
    }
    seen.add(pattern);
  });
  const wildcards = patterns.reduce((count, pattern) => count + (pattern.match(/[*?]/g)?.length ?? 0), 0);
  if (wildcards > MAX_WILDCARDS_PER_RULE) {
    fail(scope, 'pathPatterns', `have ${wildcards} wildcards (* and ?) in all; the group's listener rule takes at most ${MAX_WILDCARDS_PER_RULE} across its condition values (an ALB quota that cannot be raised): use fewer patterns or fewer wildcards, or split the group; got ${JSON.stringify(patterns)}`);
  }
  return [...patterns];
}
