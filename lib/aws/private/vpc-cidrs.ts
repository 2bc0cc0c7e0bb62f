import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Token } from 'aws-cdk-lib';
import { resolved, resourcesInStack } from './template-facts';

/**
 * The IPv4 CIDR blocks of a VPC when all are known at synth: the primary block and the secondary
 * blocks added in the same stack (`AWS::EC2::VPCCidrBlock`); `undefined` when any is a token.
 */
export function vpcCidrBlocks(vpc: ec2.IVpc): string[] | undefined {
  const primary = vpc.vpcCidrBlock;
  if (Token.isUnresolved(primary)) {
    return undefined;
  }
  const vpcId = JSON.stringify(resolved(vpc, vpc.vpcId));
  const secondary = resourcesInStack(vpc, ec2.CfnVPCCidrBlock)
    .filter((block) => JSON.stringify(resolved(block, block.vpcId)) === vpcId)
    .map((block) => block.cidrBlock);
  if (secondary.some((block) => block === undefined || Token.isUnresolved(block))) {
    return undefined;
  }
  return [primary, ...(secondary as string[])];
}
