import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as cxschema from 'aws-cdk-lib/cloud-assembly-schema';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeNagFinding, fail } from './validation';

/** The AWS-managed prefix list of CloudFront's origin-facing servers (it counts as 55 security group rules). */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = 'com.amazonaws.global.cloudfront.origin-facing';

const PREFIX_LIST_ID = /^pl-[0-9a-f]{8,17}$/;

export interface ResolvedPrefixList {
  /** The id, literal or a token resolved at deploy time. */
  readonly prefixListId: string;
  /** The deploy-time lookup, in environment-agnostic stacks without an explicit id. */
  readonly lookup?: cr.AwsCustomResource;
}

/**
 * The id as given; else a context lookup when the environment is concrete; else (an
 * environment-agnostic stack) a deploy-time lookup in the region the stack is deployed to,
 * because the id differs between regions.
 */
export function resolveCloudFrontPrefixList(scope: Construct, explicitId: string | undefined): ResolvedPrefixList {
  if (explicitId !== undefined) {
    if (!Token.isUnresolved(explicitId) && (typeof explicitId !== 'string' || !PREFIX_LIST_ID.test(explicitId))) {
      fail(scope, 'cloudFrontPrefixListId', `must be a managed prefix list id such as pl-3b927c52 (the id of ${CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST} in your region); got ${JSON.stringify(explicitId)}`);
    }
    return { prefixListId: explicitId };
  }
  const stack = Stack.of(scope);
  if (!Token.isUnresolved(stack.region) && !Token.isUnresolved(stack.account)) {
    return { prefixListId: lookUpAtSynthTime(scope, stack) };
  }
  const lookup = new cr.AwsCustomResource(scope, 'CloudFrontOriginFacingLookup', {
    onUpdate: {
      service: 'EC2',
      action: 'DescribeManagedPrefixLists',
      parameters: { Filters: [{ Name: 'prefix-list-name', Values: [CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST] }] },
      physicalResourceId: cr.PhysicalResourceId.of(CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST),
      outputPaths: ['PrefixLists.0.PrefixListId'],
    },
    // ec2:DescribeManagedPrefixLists supports no resource-level permissions.
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
    installLatestAwsSdk: false,
  });
  acknowledgeNagFinding(lookup.node.tryFindChild('CustomResourcePolicy') ?? lookup, 'AwsSolutions-IAM5[Resource::*]',
    'ec2:DescribeManagedPrefixLists supports no resource-level permissions; the policy allows that one read-only action only.');
  const singleton = stack.node.tryFindChild('AWS679f53fac002430cb0da5b7982bd2287');
  if (singleton !== undefined) {
    acknowledgeNagFinding(singleton.node.tryFindChild('ServiceRole') ?? singleton, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'aws-cdk-lib\'s AwsCustomResource function (the deploy-time prefix list lookup) writes its own CloudWatch logs with the AWS basic execution policy; it has no other managed policy.');
  }
  return { prefixListId: lookup.getResponseField('PrefixLists.0.PrefixListId'), lookup };
}

/**
 * The context lookup of a stack with a concrete environment. When the CLI could not perform it
 * (most often: no AWS credentials), aws-cdk-lib records its provider's error on `scope` as an
 * error annotation ("Need to perform AWS calls for account …"), which says nothing about how to
 * avoid the lookup; that error is raised here instead, naming `cloudFrontPrefixListId`.
 */
function lookUpAtSynthTime(scope: Construct, stack: Stack): string {
  const isError = (entry: { type: string }) => String(entry.type) === String(cxschema.ArtifactMetadataEntryType.ERROR);
  const errorsBefore = scope.node.metadata.filter(isError).length;
  const prefixListId = ec2.PrefixList.fromLookup(scope, 'CloudFrontOriginFacing', { prefixListName: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST }).prefixListId;
  const lookupErrors = scope.node.metadata.filter(isError).slice(errorsBefore).map((entry) => String(entry.data));
  if (lookupErrors.length > 0) {
    fail(scope, 'cloudFrontPrefixListId', `is not set, so the id of ${CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST} is looked up at synth time for account ${stack.account}, region ${stack.region} (the stack's env), and that lookup failed: ${lookupErrors.join('; ')}. `
      + `Set cloudFrontPrefixListId (on GmsEdge: loadBalancerProps.cloudFrontPrefixListId) to the id that \`aws ec2 describe-managed-prefix-lists --region ${stack.region} --filters Name=prefix-list-name,Values=${CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST} --query "PrefixLists[0].PrefixListId"\` prints, `
      + 'or synthesize with credentials for that account, or leave env out of the stack (then it is looked up at deploy time).');
  }
  return prefixListId;
}
