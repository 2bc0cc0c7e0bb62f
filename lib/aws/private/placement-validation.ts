/**
 * Where an internet-facing load balancer can live. It needs public subnets, whose route table
 * sends 0.0.0.0/0 to an internet gateway, in at least two Availability Zones
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html,
 * "Subnets for your load balancer"). In private subnets it deploys, gets a public DNS name, and no
 * request from CloudFront ever arrives. Checked when the subnets are known at synth.
 */
import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { fail } from './validation';

/**
 * The subnets of the internet-facing load balancer: the VPC's public subnets by default; a
 * selection that names others, or one Availability Zone, fails.
 */
export function internetFacingSubnets(scope: IConstruct, vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined): ec2.SubnetSelection {
  if (selection === undefined) {
    return { subnetType: ec2.SubnetType.PUBLIC };
  }
  let selected: ec2.ISubnet[];
  try {
    selected = vpc.selectSubnets(selection).subnets;
  } catch (error) {
    fail(scope, 'vpcSubnets', `selects no subnets of the VPC: ${(error as Error).message}`);
  }
  const publicIds = new Set(vpc.publicSubnets.map((subnet) => subnet.subnetId));
  for (const subnet of selected) {
    if (!publicIds.has(subnet.subnetId)) {
      fail(scope, 'vpcSubnets', `selects ${subnet.node.path}, which is not a public subnet of the VPC: the load balancer is internet-facing (CloudFront connects to it over the internet) and needs public subnets, routed to an internet gateway. Select { subnetType: ec2.SubnetType.PUBLIC }`);
    }
  }
  const zones = new Set(selected.map((subnet) => subnet.availabilityZone));
  if (zones.size < 2 && ![...zones].some((zone) => Token.isUnresolved(zone))) {
    fail(scope, 'vpcSubnets', `selects subnets in ${zones.size} Availability Zone(s) (${[...zones].join(', ')}); an Application Load Balancer needs subnets in at least two`);
  }
  return selection;
}
