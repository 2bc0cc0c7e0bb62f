/**
 * Routing that can never be reached. An ALB listener evaluates its rules by priority, lowest
 * number first, and the first rule whose conditions match wins
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html):
 * a path pattern that a rule evaluated earlier covers completely is dead. Between node groups that
 * sends a group's paths to another group (an error); among the exposed paths of the default group
 * it is only redundant (a warning).
 */
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import { pathPatternCovers } from '../../gms';
import type { GmsNodeGroup } from '../gms-node-group';
import { RuleFacts, resolved, rulesOf } from './template-facts';
import { fail, warn } from './validation';

/** Checks that every path pattern of every rule of the listener can be reached. */
export function checkRouting(scope: IConstruct, listener: elbv2.IApplicationListener, groups: readonly GmsNodeGroup[]): void {
  const rules = rulesOf(listener);
  if (rules.some((rule) => Number.isNaN(rule.priority))) {
    // A priority given as a token: the order is only known at deployment.
    return;
  }
  const groupOf = (rule: RuleFacts): number => groups.findIndex((group) => rule.forwardsTo.includes(JSON.stringify(resolved(group, group.targetGroup.targetGroupArn))));
  const defaultIndex = groups.findIndex((group) => group.isDefault);
  rules.forEach((rule, position) => {
    const index = groupOf(rule);
    const earlier = rules.slice(0, position).filter((other) => other.otherConditions === rule.otherConditions);
    rule.pathPatterns.forEach((pattern, patternIndex) => {
      // Earlier rules first; then the rule's own other patterns (redundant there, never misrouted).
      const candidates = [
        ...earlier.flatMap((other) => other.pathPatterns.map((broader) => ({ other, broader }))),
        ...rule.pathPatterns.filter((broader, i) => i !== patternIndex && broader !== pattern).map((broader) => ({ other: rule, broader })),
      ];
      const shadow = candidates.find(({ broader }) => pathPatternCovers(broader, pattern));
      if (shadow === undefined) {
        return;
      }
      const shadowIndex = groupOf(shadow.other);
      const ownPattern = index >= 0 && groups[index].pathPatterns.includes(pattern);
      const property = ownPattern ? `nodeGroups[${index}].pathPatterns[${groups[index].pathPatterns.indexOf(pattern)}]` : 'additionalExposedPaths';
      if (ownPattern && shadowIndex !== index) {
        fail(scope, property,
          `${pattern} can never be reached: ${shadowIndex >= 0 ? `node group ${groups[shadowIndex].groupName}'s` : 'a'} pattern ${shadow.broader} at listener-rule priority ${shadow.other.priority} matches every path it does and is evaluated first (priority ${rule.priority} comes later; lower numbers first). Give node group ${groups[index].groupName} a lower priority, or narrow ${shadow.broader}`);
      }
      if (shadowIndex === index && (ownPattern || index === defaultIndex)) {
        warn(scope, 'pathPatternRedundant', property,
          `lists ${pattern}, which ${shadow.broader} (routed to the same node group, evaluated first) covers: it is never matched, and takes one of the listener rule's five condition values. Remove it`);
      }
    });
  });
}
