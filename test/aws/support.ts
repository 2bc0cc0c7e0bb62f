/**
 * Shared fixtures for the AWS tests: a stack with a VPC, an Auto Scaling group of GMS nodes and
 * certificates, and the node groups of a typical deployment.
 */
import { App, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { GmsNodeGroupOptions, GmsNodeTargets } from '../../lib/aws';

export const ORIGIN_DOMAIN = 'gms-origin.example.com';
export const REGIONAL_CERT_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
export const GLOBAL_CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000';
export const PREFIX_LIST_ID = 'pl-4fa04526';

export interface Fixture {
  readonly app: App;
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  readonly originCertificate: acm.ICertificate;
}

/** A stack (environment-agnostic unless env is given) with a VPC and an Auto Scaling group. */
export function fixture(props: StackProps = {}, context: Record<string, unknown> = {}): Fixture {
  const app = new App({ context });
  const stack = new Stack(app, 'Test', props);
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const autoScalingGroup = new autoscaling.AutoScalingGroup(stack, 'Nodes', {
    vpc,
    instanceType: new ec2.InstanceType('m6i.large'),
    machineImage: ec2.MachineImage.fromSsmParameter('/gms/ami'),
    minCapacity: 2,
  });
  const certificateArn = props.env?.region !== undefined
    ? REGIONAL_CERT_ARN.replace('eu-west-1', props.env.region)
    : REGIONAL_CERT_ARN;
  const originCertificate = acm.Certificate.fromCertificateArn(stack, 'OriginCert', certificateArn);
  return { app, stack, vpc, autoScalingGroup, originCertificate };
}

/** An Auto Scaling group as the default group and on-premises IP nodes on one path. */
export function twoNodeGroups(f: Fixture): GmsNodeGroupOptions[] {
  return [
    { name: 'aws', targets: GmsNodeTargets.fromAutoScalingGroup(f.autoScalingGroup) },
    {
      name: 'onprem',
      targets: GmsNodeTargets.fromIpAddresses(['192.168.10.11', '192.168.10.12'], { availabilityZone: 'all' }),
      pathPatterns: ['/genesys/2/chat/onprem*'],
    },
  ];
}

/** Warnings whose message contains the text. */
export function warningsMatching(stack: Stack, text: string): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((entry) => entry.entry.data as string).filter((message) => message.includes(text));
}

/** The one resource of a type, its properties. */
export function onlyResourceProperties(template: Template, type: string): Record<string, unknown> {
  const resources = Object.values(template.findResources(type));
  if (resources.length !== 1) {
    throw new Error(`expected one ${type}, found ${resources.length}`);
  }
  return resources[0].Properties as Record<string, unknown>;
}
