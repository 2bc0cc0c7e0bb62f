/**
 * The gateway subnet's network security group rules and the checks of the network's addresses,
 * pure functions of {@link GatewayNetwork}'s props.
 */
import { Construct } from 'constructs';
import { cidrContains, fail, parseIpv4Cidr } from '../../gms';
import { Token } from '../internal/cdktf';

/** One inbound rule of the gateway subnet's NSG. */
export interface SecurityRuleSpec {
  readonly name: string;
  readonly description: string;
  readonly priority: number;
  readonly direction: 'Inbound';
  readonly access: 'Allow' | 'Deny';
  readonly protocol: 'Tcp' | '*';
  readonly sourceAddressPrefix?: string;
  readonly sourceAddressPrefixes?: string[];
  readonly sourcePortRange: string;
  readonly destinationAddressPrefix: string;
  readonly destinationPortRange: string;
}

/** Application Gateway v2 needs at least a /26 subnet of its own. */
export const GATEWAY_SUBNET_MAX_PREFIX_LENGTH = 26;

/** The resolved addresses of a {@link GatewayNetwork}. */
export interface GatewayNetworkInput {
  readonly addressSpace: string[];
  readonly subnetPrefix: string;
  readonly sources: string[];
  readonly ports: number[];
  /** Whether the subnet goes into an existing network (whose address space is not known). */
  readonly existingVirtualNetwork: boolean;
}

/** The subnet is a large enough IPv4 block inside the address space; sources and ports are usable. */
export function checkGatewayNetworkInput(scope: Construct, input: GatewayNetworkInput): void {
  if (!Token.isUnresolved(input.subnetPrefix)) {
    const subnet = parseIpv4Cidr(input.subnetPrefix);
    if (subnet === undefined) {
      fail(scope, 'gatewaySubnetPrefix', `must be an IPv4 CIDR block such as 10.60.0.0/24, got ${JSON.stringify(input.subnetPrefix)}`);
    }
    if (subnet.prefixLength > GATEWAY_SUBNET_MAX_PREFIX_LENGTH) {
      fail(scope, 'gatewaySubnetPrefix', `${input.subnetPrefix} is smaller than /${GATEWAY_SUBNET_MAX_PREFIX_LENGTH}; Application Gateway v2 needs a dedicated subnet of /${GATEWAY_SUBNET_MAX_PREFIX_LENGTH} or larger (/24 recommended)`);
    }
    if (!input.existingVirtualNetwork && input.addressSpace.every((space) => !Token.isUnresolved(space))) {
      const spaces = input.addressSpace.map((space) => parseIpv4Cidr(space));
      if (spaces.some((space) => space === undefined)) {
        fail(scope, 'addressSpace', `must be IPv4 CIDR blocks, got ${JSON.stringify(input.addressSpace)}`);
      }
      if (!spaces.some((space) => space !== undefined && cidrContains(space, subnet))) {
        fail(scope, 'gatewaySubnetPrefix', `${input.subnetPrefix} is not inside addressSpace ${JSON.stringify(input.addressSpace)}`);
      }
    }
  }
  if (input.sources.length === 0) {
    fail(scope, 'allowedSourceAddressPrefixes', 'must not be empty (use ["Internet"] for a public edge)');
  }
  if (input.ports.length === 0 || input.ports.some((port) => !Number.isInteger(port) || port < 1 || port >= 65200)) {
    fail(scope, 'listenerPorts', `must be ports from 1 to 65199, got ${JSON.stringify(input.ports)}`);
  }
}

/**
 * The NSG's inbound rules: exactly what the gateway needs (GatewayManager on 65200-65535,
 * AzureLoadBalancer), the listener ports from the allowed sources, and a final deny.
 */
export function gatewaySecurityRules(ports: number[], sources: string[]): SecurityRuleSpec[] {
  const source = sources.length === 1 ? { sourceAddressPrefix: sources[0] } : { sourceAddressPrefixes: sources };
  // Separate azurerm_network_security_rule resources: the NSG's inline security_rule is an
  // "attributes as blocks" list that Terraform JSON only accepts with every field present.
  return [
    {
      name: 'AllowGatewayManagerInbound',
      description: 'Application Gateway v2 infrastructure communication (required)',
      priority: 100,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAddressPrefix: 'GatewayManager',
      sourcePortRange: '*',
      destinationAddressPrefix: '*',
      destinationPortRange: '65200-65535',
    },
    {
      name: 'AllowAzureLoadBalancerInbound',
      description: 'Azure load balancer health probes (required)',
      priority: 110,
      direction: 'Inbound',
      access: 'Allow',
      protocol: '*',
      sourceAddressPrefix: 'AzureLoadBalancer',
      sourcePortRange: '*',
      destinationAddressPrefix: '*',
      destinationPortRange: '*',
    },
    ...ports.map((port, index): SecurityRuleSpec => ({
      name: `AllowListener${port}Inbound`,
      description: `Clients to the gateway listener on TCP ${port}`,
      priority: 120 + index * 10,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      ...source,
      sourcePortRange: '*',
      destinationAddressPrefix: '*',
      destinationPortRange: String(port),
    })),
    {
      name: 'DenyAllInbound',
      description: 'Nothing else reaches the gateway subnet',
      priority: 4096,
      direction: 'Inbound',
      access: 'Deny',
      protocol: '*',
      sourceAddressPrefix: '*',
      sourcePortRange: '*',
      destinationAddressPrefix: '*',
      destinationPortRange: '*',
    },
  ];
}
