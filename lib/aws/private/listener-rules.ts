/**
 * The listener rules of {@link GmsLoadBalancer}: one per node group with path patterns, then the
 * default group's exposed paths in the last priorities, each requiring the secret origin header;
 * and the checks that keep them within the ALB's quotas.
 */
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { GmsExposure } from '../../gms';
import type { GmsNodeGroup } from '../gms-node-group';
import { exposureRuleConditions } from './exposure';
import { fail } from './validation';

/** The lowest-precedence listener rule: the default group, for requests carrying the secret header. */
const DEFAULT_GROUP_PRIORITY = 50000;
/** Rules per ALB listener, the default action not counted (Elastic Load Balancing quotas: 100). */
const ALB_RULES_PER_LISTENER = 100;
/** A listener rule takes five condition values in all (ALB quota "Condition values per rule"). */
export const MAX_CONDITION_VALUES_PER_RULE = 5;

/** What the listener rules are made of. */
export interface ListenerRulesInput {
  readonly listener: elbv2.IApplicationListener;
  readonly nodeGroups: GmsNodeGroup[];
  readonly defaultNodeGroup: GmsNodeGroup;
  readonly exposure: GmsExposure;
  readonly originVerifyHeaderName: string;
  /** Every secret value a rule accepts (dynamic references). */
  readonly acceptedOriginVerifyHeaderValues: string[];
}

/** The rules, by priority. */
export function renderListenerRules(scope: Construct, input: ListenerRulesInput): elbv2.ApplicationListenerRule[] {
  const secretHeader = elbv2.ListenerCondition.httpHeader(input.originVerifyHeaderName, input.acceptedOriginVerifyHeaderValues);
  const taken = new Set(input.nodeGroups.flatMap((group) => (group.priority === undefined ? [] : [group.priority])));
  let next = 10;
  const rules: elbv2.ApplicationListenerRule[] = [];
  for (const group of input.nodeGroups) {
    if (group.pathPatterns.length === 0) {
      continue;
    }
    let priority = group.priority;
    if (priority === undefined) {
      while (taken.has(next)) {
        next += 10;
      }
      priority = next;
      taken.add(next);
    }
    rules.push(new elbv2.ApplicationListenerRule(scope, `Rule-${group.groupName}`, {
      listener: input.listener,
      priority,
      conditions: [secretHeader, elbv2.ListenerCondition.pathPatterns(group.pathPatterns)],
      action: elbv2.ListenerAction.forward([group.targetGroup]),
    }));
  }
  // The default group gets the exposed paths only, in the last priorities; the listener's
  // default action answers 403 to every other path.
  const exposed = exposureRuleConditions(input.exposure, input.acceptedOriginVerifyHeaderValues.length);
  exposed.forEach((paths, index) => {
    // Counted down from 50000, which keeps the id RuleDefault: an update never creates a rule
    // on a priority the old one still holds (CloudFormation creates before it updates).
    const offset = exposed.length - 1 - index;
    const priority = DEFAULT_GROUP_PRIORITY - offset;
    if (taken.has(priority)) {
      fail(scope, 'nodeGroups', `takes listener-rule priority ${priority}, which the exposed paths of the default group need (${DEFAULT_GROUP_PRIORITY - exposed.length + 1}-${DEFAULT_GROUP_PRIORITY}); use a lower priority`);
    }
    rules.push(new elbv2.ApplicationListenerRule(scope, offset === 0 ? 'RuleDefault' : `RuleDefault${offset + 1}`, {
      listener: input.listener,
      priority,
      conditions: paths === undefined ? [secretHeader] : [secretHeader, elbv2.ListenerCondition.pathPatterns(paths)],
      action: elbv2.ListenerAction.forward([input.defaultNodeGroup.targetGroup]),
    }));
  });
  if (rules.length > ALB_RULES_PER_LISTENER) {
    fail(scope, 'additionalExposedPaths', `and the node groups need ${rules.length} listener rules (${input.exposure.pathPatterns.length} paths, 4 per rule); an ALB listener holds at most ${ALB_RULES_PER_LISTENER} (a quota): use fewer paths or wider /* prefixes`);
  }
  return rules.sort((a, b) => priorityOf(a) - priorityOf(b));
}

function priorityOf(rule: elbv2.ApplicationListenerRule): number {
  return (rule.node.defaultChild as elbv2.CfnListenerRule).priority;
}

/** Paths and priorities belong to one group each; exactly one group is the default. Returns it. */
export function checkNodeGroups(scope: Construct, groups: GmsNodeGroup[]): GmsNodeGroup {
  const paths = new Map<string, string>();
  const priorities = new Map<number, string>();
  groups.forEach((group, index) => {
    for (const path of group.pathPatterns) {
      const owner = paths.get(path);
      if (owner !== undefined) {
        fail(scope, `nodeGroups[${index}].pathPatterns`, `repeats ${path}, already served by node group ${owner}; each path pattern belongs to one group`);
      }
      paths.set(path, group.groupName);
    }
    if (group.priority !== undefined) {
      const owner = priorities.get(group.priority);
      if (owner !== undefined) {
        fail(scope, `nodeGroups[${index}].priority`, `${group.priority} is already the priority of node group ${owner}; priorities must be unique`);
      }
      priorities.set(group.priority, group.groupName);
    }
  });
  const defaults = groups.filter((group) => group.isDefault);
  if (defaults.length === 0) {
    fail(scope, 'nodeGroups', 'must have exactly one default group (isDefault: true, or a group without pathPatterns); none is');
  }
  if (defaults.length > 1) {
    fail(scope, 'nodeGroups', `must have exactly one default group; ${defaults.map((group) => group.groupName).join(' and ')} both are (give all but one pathPatterns and isDefault: false)`);
  }
  return defaults[0];
}

/** Every rule with path patterns also carries the accepted secret values: five condition values in all. */
export function checkConditionValues(scope: Construct, groups: GmsNodeGroup[], secretValues: number): void {
  groups.forEach((group, index) => {
    if (group.pathPatterns.length + secretValues > MAX_CONDITION_VALUES_PER_RULE) {
      fail(scope, `nodeGroups[${index}].pathPatterns`, `has ${group.pathPatterns.length} patterns, and the rule of node group ${group.groupName} also accepts ${secretValues} origin secret values: at most ${MAX_CONDITION_VALUES_PER_RULE} condition values per listener rule (an ALB quota), so at most ${MAX_CONDITION_VALUES_PER_RULE - secretValues} patterns during this rotation`);
    }
  });
}
