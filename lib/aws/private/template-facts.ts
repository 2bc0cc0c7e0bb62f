/**
 * What a listener rule, listener or security group of the synthesized template says, read back
 * from its L1 resource after every later change (resolved as the template will hold it), for
 * the routing, quota and closed-edge checks.
 */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';

/** A rule as the template holds it. */
export interface RuleFacts {
  readonly rule: elbv2.CfnListenerRule;
  readonly priority: number;
  readonly pathPatterns: string[];
  /** The other conditions, as JSON, to compare rules on. */
  readonly otherConditions: string;
  /** The http-header conditions: name (lower case) and values (as JSON). */
  readonly headerConditions: Array<{ readonly name: string; readonly values: string }>;
  /** The resolved target group ARNs of its forward action, as JSON. */
  readonly forwardsTo: string[];
}

interface ResolvedCondition {
  readonly field?: string;
  readonly values?: unknown[];
  readonly pathPatternConfig?: { readonly values?: unknown[] };
  readonly httpHeaderConfig?: { readonly httpHeaderName?: string; readonly values?: unknown[] };
}

interface ResolvedAction {
  readonly type?: string;
  readonly targetGroupArn?: unknown;
  readonly forwardConfig?: { readonly targetGroups?: Array<{ readonly targetGroupArn?: unknown }> };
  readonly fixedResponseConfig?: { readonly statusCode?: string };
}

/** The value as the template will hold it (tokens resolved to their CloudFormation form). */
export function resolved(scope: IConstruct, value: unknown): unknown {
  return Stack.of(scope).resolve(value);
}

/** Same in the template. */
export function sameInTemplate(scope: IConstruct, a: unknown, b: unknown): boolean {
  return JSON.stringify(resolved(scope, a)) === JSON.stringify(resolved(scope, b));
}

/** Every L1 resource of a type in the stack of `scope`. */
export function resourcesInStack<T extends IConstruct>(scope: IConstruct, type: abstract new (...args: never[]) => T): T[] {
  return Stack.of(scope).node.findAll().filter((child): child is T => child instanceof type);
}

/** The rules of a listener (wherever in the stack they were added), by priority. */
export function rulesOf(listener: elbv2.IApplicationListener): RuleFacts[] {
  const arn = JSON.stringify(resolved(listener, listener.listenerArn));
  return resourcesInStack(listener, elbv2.CfnListenerRule)
    .filter((rule) => JSON.stringify(resolved(rule, rule.listenerArn)) === arn)
    .map((rule) => factsOf(rule))
    .sort((a, b) => a.priority - b.priority);
}

function factsOf(rule: elbv2.CfnListenerRule): RuleFacts {
  const conditions = (resolved(rule, rule.conditions) as ResolvedCondition[] | undefined) ?? [];
  const pathPatterns: string[] = [];
  const others: ResolvedCondition[] = [];
  const headerConditions: Array<{ name: string; values: string }> = [];
  for (const condition of conditions) {
    if (condition.field === 'path-pattern') {
      pathPatterns.push(...[...(condition.pathPatternConfig?.values ?? []), ...(condition.values ?? [])].map(String));
      continue;
    }
    others.push(condition);
    if (condition.field === 'http-header' && condition.httpHeaderConfig?.httpHeaderName !== undefined) {
      headerConditions.push({ name: condition.httpHeaderConfig.httpHeaderName.toLowerCase(), values: JSON.stringify(condition.httpHeaderConfig.values ?? []) });
    }
  }
  const actions = (resolved(rule, rule.actions) as ResolvedAction[] | undefined) ?? [];
  const forwardsTo = actions.flatMap((action) => [
    ...(action.targetGroupArn === undefined ? [] : [action.targetGroupArn]),
    ...(action.forwardConfig?.targetGroups ?? []).map((group) => group.targetGroupArn),
  ]).map((arn) => JSON.stringify(arn));
  // A priority given as a token resolves to a reference, not a number: NaN (order unknown at synth).
  const priority = resolved(rule, rule.priority);
  return { rule, priority: typeof priority === 'number' ? priority : NaN, pathPatterns, otherConditions: JSON.stringify(others), headerConditions, forwardsTo };
}

/** The default actions of a listener as the template holds them. */
export function defaultActionsOf(listener: elbv2.ApplicationListener): ResolvedAction[] {
  const cfn = listener.node.defaultChild as elbv2.CfnListener;
  return (resolved(listener, cfn.defaultActions) as ResolvedAction[] | undefined) ?? [];
}

/** The listeners of a load balancer (wherever in the stack they were added). */
export function listenersOf(loadBalancer: elbv2.ApplicationLoadBalancer): elbv2.CfnListener[] {
  const arn = JSON.stringify(resolved(loadBalancer, loadBalancer.loadBalancerArn));
  return resourcesInStack(loadBalancer, elbv2.CfnListener).filter((listener) => JSON.stringify(resolved(listener, listener.loadBalancerArn)) === arn);
}

/** One security group rule as the template holds it. */
export interface SecurityGroupRuleFacts {
  readonly cidrIp?: string;
  readonly cidrIpv6?: string;
  readonly sourcePrefixListId?: unknown;
  readonly destinationPrefixListId?: unknown;
  readonly sourceSecurityGroupId?: unknown;
  readonly destinationSecurityGroupId?: unknown;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly ipProtocol?: string;
  readonly description?: string;
}

/** The inbound and outbound rules of a security group: inline, and separate resources anywhere in its stack. */
export function securityGroupRules(securityGroup: ec2.SecurityGroup): { ingress: SecurityGroupRuleFacts[]; egress: SecurityGroupRuleFacts[] } {
  const cfn = securityGroup.node.defaultChild as ec2.CfnSecurityGroup;
  const groupId = JSON.stringify(resolved(securityGroup, securityGroup.securityGroupId));
  const inline = (value: unknown): SecurityGroupRuleFacts[] => (resolved(securityGroup, value) as SecurityGroupRuleFacts[] | undefined) ?? [];
  const sameGroup = (rule: ec2.CfnSecurityGroupIngress | ec2.CfnSecurityGroupEgress): boolean => JSON.stringify(resolved(rule, rule.groupId)) === groupId;
  const facts = (rule: ec2.CfnSecurityGroupIngress | ec2.CfnSecurityGroupEgress): SecurityGroupRuleFacts => resolved(rule, {
    cidrIp: rule.cidrIp,
    cidrIpv6: rule.cidrIpv6,
    sourcePrefixListId: rule instanceof ec2.CfnSecurityGroupIngress ? rule.sourcePrefixListId : undefined,
    destinationPrefixListId: rule instanceof ec2.CfnSecurityGroupEgress ? rule.destinationPrefixListId : undefined,
    sourceSecurityGroupId: rule instanceof ec2.CfnSecurityGroupIngress ? rule.sourceSecurityGroupId : undefined,
    destinationSecurityGroupId: rule instanceof ec2.CfnSecurityGroupEgress ? rule.destinationSecurityGroupId : undefined,
    fromPort: rule.fromPort, toPort: rule.toPort, ipProtocol: rule.ipProtocol, description: rule.description,
  }) as SecurityGroupRuleFacts;
  return {
    ingress: [...inline(cfn.securityGroupIngress), ...resourcesInStack(securityGroup, ec2.CfnSecurityGroupIngress).filter(sameGroup).map(facts)],
    egress: [...inline(cfn.securityGroupEgress), ...resourcesInStack(securityGroup, ec2.CfnSecurityGroupEgress).filter(sameGroup).map(facts)],
  };
}
