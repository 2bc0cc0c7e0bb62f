/**
 * Security group rule quotas of the load balancer's group, counted on the template as it will be
 * deployed (rules added later included). Amazon VPC quotas: 60 inbound and 60 outbound rules per
 * security group by default (adjustable), counted separately for IPv4 and IPv6
 * (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html); a rule that references
 * a prefix list counts as the list's maximum entries, an AWS-managed list as its weight, which is 55
 * for com.amazonaws.global.cloudfront.origin-facing
 * (https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html).
 * Above the quota the deployment fails; the quota can be raised, so this is a warning.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { SecurityGroupRuleFacts, sameInTemplate, securityGroupRules } from './template-facts';
import { warn } from './validation';

/** The default quota of inbound (and of outbound) rules per security group. */
export const SECURITY_GROUP_RULES_QUOTA = 60;
/** What the CloudFront origin-facing prefix list counts as in a security group rule. */
export const CLOUDFRONT_PREFIX_LIST_WEIGHT = 55;

/** Warns (at synth, after every later change) when the group holds more rules than the default quota. */
export function checkSecurityGroupQuota(scope: IConstruct, securityGroup: ec2.SecurityGroup, cloudFrontPrefixListId: string): void {
  scope.node.addValidation({
    validate: () => {
      const rules = securityGroupRules(securityGroup);
      const weight = (rule: SecurityGroupRuleFacts): number => {
        const prefixList = rule.sourcePrefixListId ?? rule.destinationPrefixListId;
        return prefixList !== undefined && sameInTemplate(scope, prefixList, cloudFrontPrefixListId) ? CLOUDFRONT_PREFIX_LIST_WEIGHT : 1;
      };
      for (const [direction, list] of [['inbound', rules.ingress], ['outbound', rules.egress]] as const) {
        for (const version of ['IPv4', 'IPv6'] as const) {
          const counted = list.filter((rule) => (rule.cidrIpv6 !== undefined) === (version === 'IPv6'));
          const total = counted.reduce((sum, rule) => sum + weight(rule), 0);
          if (total > SECURITY_GROUP_RULES_QUOTA) {
            warn(scope, 'securityGroupRuleQuota', 'securityGroup',
              `holds ${total} ${direction} ${version} rules${direction === 'inbound' ? ` (the CloudFront origin-facing prefix list counts as ${CLOUDFRONT_PREFIX_LIST_WEIGHT})` : ' (one per IP node address and per node security group)'}; the default quota "${direction === 'inbound' ? 'Inbound' : 'Outbound'} rules per security group" is ${SECURITY_GROUP_RULES_QUOTA}, and the deployment fails above the account's quota. Raise it through Service Quotas (then acknowledge this warning), or use fewer IP targets (an Auto Scaling group or node security groups count once)`);
          }
        }
      }
      return [];
    },
  });
}
