/**
 * Log buckets with the project's defaults (SSE-S3, TLS only, no public access, expiring objects)
 * and ALB access-log delivery that also works in environment-agnostic stacks.
 */
import { Annotations, Aws, CfnMapping, Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FactName, RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { acknowledgeNagFinding } from './validation';

/** The mapping of regional ELB log delivery accounts, one per stack. */
export const ELB_LOG_DELIVERY_MAPPING_ID = 'GmsElbLogDeliveryAccounts';

export interface LogBucketOptions {
  readonly expiration: Duration;
  /** CloudFront standard logging writes with ACLs; ALB logs do not need them. */
  readonly objectOwnership: s3.ObjectOwnership;
  /** What the bucket holds, for the cdk-nag acknowledgement, e.g. 'the load balancer access logs'. */
  readonly contents: string;
}

export function createLogBucket(scope: Construct, id: string, options: LogBucketOptions): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    // Neither ALB nor CloudFront standard logs can write to SSE-KMS buckets without extra key policy.
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: options.objectOwnership,
    versioned: false,
    lifecycleRules: [{ id: 'ExpireLogs', enabled: true, expiration: options.expiration, abortIncompleteMultipartUploadAfter: Duration.days(7) }],
  });
  acknowledgeNagFinding(bucket.node.defaultChild ?? bucket, 'AwsSolutions-S1',
    `This bucket holds ${options.contents}; S3 server access logs of a log bucket would need yet another bucket. Reads are TLS-only and public access is blocked.`);
  return bucket;
}

/**
 * Turns on ALB access logs. With a concrete region aws-cdk-lib's own grant applies. In an
 * environment-agnostic stack (where aws-cdk-lib refuses) the grant is decided at deploy time:
 * regions from before August 2022 deliver from a regional ELB account (looked up in a mapping),
 * later regions through the `logdelivery.elasticloadbalancing.amazonaws.com` service.
 *
 * The lookup is `Fn::FindInMap` with a `DefaultValue` (this account): a plain `Fn::FindInMap`
 * fails the deployment for a region missing from the mapping, even inside an untaken `Fn::If`
 * branch. The DefaultValue makes aws-cdk-lib add the `AWS::LanguageExtensions` transform.
 */
export function enableAccessLogs(loadBalancer: elbv2.ApplicationLoadBalancer, bucket: s3.IBucket, prefix: string): void {
  const stack = Stack.of(loadBalancer);
  if (!Token.isUnresolved(stack.region)) {
    loadBalancer.logAccessLogs(bucket, prefix);
    if (bucket.policy === undefined) {
      warnImportedBucket(loadBalancer);
    }
    return;
  }
  loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
  loadBalancer.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  loadBalancer.setAttribute('access_logs.s3.prefix', prefix);

  const logObjects = bucket.arnForObjects(`${prefix ? prefix + '/' : ''}AWSLogs/${Aws.ACCOUNT_ID}/*`);
  const accounts = RegionInfo.regionMap(FactName.ELBV2_ACCOUNT);
  const mappingId = ELB_LOG_DELIVERY_MAPPING_ID;
  // One mapping per stack, shared by every load balancer in it: only the call that created it may
  // remove it again, or an earlier load balancer's policy would read a mapping that is gone.
  const existing = stack.node.tryFindChild(mappingId) as CfnMapping | undefined;
  const mapping = existing ?? new CfnMapping(stack, mappingId, {
    mapping: Object.fromEntries(Object.entries(accounts).map(([region, account]) => [region, { account }])),
  });
  // Regions without a regional ELB account: a no-op grant to this account itself; the service statement below applies.
  const elbAccount = mapping.findInMap(Aws.REGION, 'account', Aws.ACCOUNT_ID);
  const elbAccountRoot = Fn.join('', ['arn:', Aws.PARTITION, ':iam::', elbAccount, ':root']);

  const added = bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AlbLogDeliveryRegionalAccount',
    actions: ['s3:PutObject'],
    principals: [new iam.ArnPrincipal(elbAccountRoot)],
    resources: [logObjects],
  }));
  if (!added.statementAdded) {
    // An imported bucket without a policy of this stack: nothing can be granted here.
    if (existing === undefined) {
      stack.node.tryRemoveChild(mappingId);
    }
    warnImportedBucket(loadBalancer);
    return;
  }
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AlbLogDeliveryService',
    actions: ['s3:PutObject'],
    principals: [new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')],
    resources: [logObjects],
  }));
  const policy = bucket.policy?.node.defaultChild;
  const cfnLoadBalancer = loadBalancer.node.defaultChild;
  if (policy instanceof Construct && cfnLoadBalancer instanceof elbv2.CfnLoadBalancer) {
    // The load balancer checks it may write when the attribute is set.
    cfnLoadBalancer.node.addDependency(policy);
  }
}

function warnImportedBucket(scope: Construct): void {
  Annotations.of(scope).addWarningV2('gms-edge-constructs:importedAccessLogsBucket',
    'existingAccessLogsBucket is imported, so this stack cannot extend its policy: it must already let Elastic Load Balancing write the access logs (the regional ELB account or logdelivery.elasticloadbalancing.amazonaws.com), or the load balancer fails to create.');
}
