/**
 * Later changes that open what a GmsLoadBalancer closed. The construct admits CloudFront only:
 * one HTTPS listener whose default action answers 403 and whose rules all require the secret
 * origin header, behind a security group that admits the CloudFront origin-facing prefix list
 * only. A listener, rule or ingress rule added to the load balancer after construction (through
 * its public `loadBalancer`, `listener` or `securityGroup`) would bypass that, so the synth fails:
 * checked at synth time (`node.addValidation`), on the template as it will be deployed.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import { checkSecurityGroupQuota } from './quota-validation';
import { defaultActionsOf, listenersOf, resolved, rulesOf, sameInTemplate, securityGroupRules } from './template-facts';

/** What the load balancer closed, for {@link guardClosedEdge}. */
export interface ClosedEdge {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
  readonly listenerRules: readonly elbv2.ApplicationListenerRule[];
  readonly securityGroup: ec2.SecurityGroup;
  readonly originVerifyHeaderName: string;
  readonly acceptedOriginVerifyHeaderValues: readonly string[];
  readonly cloudFrontPrefixListId: string;
}

const ADVICE = 'GmsLoadBalancer admits CloudFront only (one HTTPS listener, every rule requiring the secret origin header, the CloudFront origin-facing prefix list as the only source); use its props (nodeGroups, additionalExposedPaths) instead';

/** Fails the synth when the listener, its rules, the default action or the security group were opened after construction. */
export function guardClosedEdge(scope: IConstruct, edge: ClosedEdge): void {
  scope.node.addValidation({ validate: () => closedEdgeErrors(scope, edge) });
  checkSecurityGroupQuota(scope, edge.securityGroup, edge.cloudFrontPrefixListId);
}

function closedEdgeErrors(scope: IConstruct, edge: ClosedEdge): string[] {
  const errors: string[] = [];
  const at = (property: string, message: string) => errors.push(`${scope.node.path}: ${property} ${message}. ${ADVICE}`);
  const ours = edge.listener.node.defaultChild;
  for (const listener of listenersOf(edge.loadBalancer)) {
    if (listener !== ours) {
      at('loadBalancer', `has a listener added after construction (${listener.node.path}, port ${JSON.stringify(resolved(listener, listener.port))}), which reaches the nodes without the secret origin header check`);
    }
  }
  const ownRules = new Set(edge.listenerRules.map((rule) => rule.node.defaultChild));
  const header = edge.originVerifyHeaderName.toLowerCase();
  const values = JSON.stringify(resolved(scope, edge.acceptedOriginVerifyHeaderValues));
  for (const rule of rulesOf(edge.listener)) {
    const checksSecret = rule.headerConditions.some((condition) => condition.name === header && condition.values === values);
    if (!ownRules.has(rule.rule) && !checksSecret) {
      at('listener', `has a rule added after construction (${rule.rule.node.path}, priority ${rule.priority}) without the ${edge.originVerifyHeaderName} condition on the accepted secret values, so requests that bypass CloudFront reach its targets`);
    }
  }
  const actions = defaultActionsOf(edge.listener);
  if (actions.length !== 1 || actions[0].type !== 'fixed-response' || actions[0].fixedResponseConfig?.statusCode !== '403') {
    at('listener', 'default action was changed after construction; it must stay the fixed 403 response that requests without the secret origin header get');
  }
  for (const rule of securityGroupRules(edge.securityGroup).ingress) {
    const fromCloudFront = rule.sourcePrefixListId !== undefined && sameInTemplate(scope, rule.sourcePrefixListId, edge.cloudFrontPrefixListId) && rule.fromPort === 443 && rule.toPort === 443;
    if (!fromCloudFront) {
      at('securityGroup', `has an ingress rule added after construction (${describeSource(rule)}, ports ${rule.fromPort}-${rule.toPort}) besides HTTPS from the CloudFront origin-facing prefix list`);
    }
  }
  return errors;
}

function describeSource(rule: { cidrIp?: string; cidrIpv6?: string; sourcePrefixListId?: unknown; sourceSecurityGroupId?: unknown }): string {
  return rule.cidrIp ?? rule.cidrIpv6 ?? (rule.sourcePrefixListId !== undefined ? `prefix list ${JSON.stringify(rule.sourcePrefixListId)}` : `security group ${JSON.stringify(rule.sourceSecurityGroupId)}`);
}
