/**
 * The SNS topic GmsEdgeMonitoring sends alarms to when none is given: encrypted with a key of its
 * own (rotated yearly) that CloudWatch may use, and reachable over TLS only.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** The created topic and its key. */
export interface AlarmTopic {
  readonly topic: sns.Topic;
  readonly key: kms.Key;
}

/**
 * A KMS-encrypted, TLS-only topic. CloudWatch publishes to an encrypted topic only when the key
 * policy lets `cloudwatch.amazonaws.com` use the key (kms:Decrypt, kms:GenerateDataKey*), which
 * the AWS managed key `alias/aws/sns` cannot: "Enable compatibility between event sources from
 * AWS services and encrypted topics",
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services.
 * cdk-nag AwsSolutions-SNS2 (encryption), SNS3 (SSL only) and KMS5 (rotation) pass.
 */
export function createAlarmTopic(scope: Construct, id: string): AlarmTopic {
  const key = new kms.Key(scope, `${id}Key`, {
    description: 'gms-edge-constructs: encrypts the GMS edge alarm topic; CloudWatch alarms may use it',
    enableKeyRotation: true,
  });
  const stack = Stack.of(scope);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudWatchAlarmsPublishToTheEncryptedTopic',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    // Only on behalf of alarms of this account (confused deputy).
    conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
  }));
  const topic = new sns.Topic(scope, id, {
    displayName: 'GMS edge alarms',
    masterKey: key,
    enforceSSL: true,
  });
  return { topic, key };
}
