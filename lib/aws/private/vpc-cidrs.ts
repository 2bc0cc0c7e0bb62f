import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Token } from 'aws-cdk-lib';
import { resolved, resourcesInStack } from './template-facts';

/**
 * The IPv4 CIDR blocks of a VPC when all are known at synth: the primary block and the secondary
 * blocks added in the same stack (`AWS::EC2::VPCCidrBlock`); `undefined` when any is a token
 * (an IPAM pool, a parameter).
 */
export function vpcCidrBlocks(vpc: ec2.IVpc): string[] | undefined {
  // A VPC of this app reports its block as an attribute token; its L1 resource holds the literal.
  const resource = vpc.node.defaultChild;
  const primary = resource instanceof ec2.CfnVPC && resource.cidrBlock !== undefined ? resource.cidrBlock : vpc.vpcCidrBlock;
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
