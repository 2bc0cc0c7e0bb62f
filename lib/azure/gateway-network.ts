import { Construct } from 'constructs';
import { cidrContains, fail, parseIpv4Cidr } from '../gms';
import {
  NetworkSecurityGroup,
  NetworkSecurityRule,
  Subnet,
  SubnetNetworkSecurityGroupAssociation,
  Token,
  VirtualNetwork,
} from './internal/cdktf';
import { checkGatewayNetworkInput } from './private/network-validation';
import { ResourceGroupReference } from './types';

/** An existing virtual network to put the gateway subnet in. */
export interface ExistingVirtualNetwork {
  readonly name: string;
  readonly resourceGroupName: string;
}

/** Props of {@link GatewayNetwork}. */
export interface GatewayNetworkProps {
  /** Where the network resources go. */
  readonly resourceGroup: ResourceGroupReference;

  /**
   * Prefix of the resource names.
   *
   * @default 'gms-edge'
   */
  readonly namePrefix?: string;

  /**
   * Address space of the new virtual network (ignored with `existingVirtualNetwork`).
   *
   * @default ['10.60.0.0/16']
   */
  readonly addressSpace?: string[];

  /**
   * The gateway subnet's prefix: /26 or larger (Microsoft recommends /24 for autoscaling v2 gateways).
   *
   * @default '10.60.0.0/24'
   */
  readonly gatewaySubnetPrefix?: string;

  /**
   * Put the gateway subnet into this existing virtual network instead of creating one.
   *
   * @default - a new virtual network
   */
  readonly existingVirtualNetwork?: ExistingVirtualNetwork;

  /**
   * Who may reach the listeners (service tags or CIDR ranges).
   *
   * @default ['Internet']
   */
  readonly allowedSourceAddressPrefixes?: string[];

  /**
   * Listener ports open to `allowedSourceAddressPrefixes`.
   *
   * @default [443, 80]
   */
  readonly listenerPorts?: number[];

  /**
   * Tags of the created resources.
   *
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

/** One inbound rule of the gateway subnet's NSG. */
interface SecurityRuleSpec {
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

/**
 * Application Gateway v2 needs at least a /26 subnet of its own.
 * @internal
 */
export const GATEWAY_SUBNET_MAX_PREFIX_LENGTH = 26;

/**
 * The network of an Application Gateway v2: a dedicated gateway subnet (in a new or an existing
 * virtual network) and its network security group, which allows exactly what the gateway needs:
 * TCP 65200–65535 from `GatewayManager` (Azure's infrastructure communication), traffic from
 * `AzureLoadBalancer` (health), the listener ports from the allowed sources; everything else
 * inbound is denied.
 */
export class GatewayNetwork extends Construct {
  /** The created virtual network; `undefined` with `existingVirtualNetwork`. */
  public readonly virtualNetwork?: VirtualNetwork;
  /** The gateway subnet. */
  public readonly gatewaySubnet: Subnet;
  /** The gateway subnet's address prefix (CIDR). */
  public readonly gatewaySubnetPrefix: string;
  /** The gateway subnet's network security group. */
  public readonly networkSecurityGroup: NetworkSecurityGroup;
  /** The NSG's rules, in priority order. */
  public readonly securityRules: NetworkSecurityRule[];
  /**
   * The association of the NSG with the subnet. It depends on every rule, so the subnet gets its
   * NSG only complete (and loses it before the rules go); the gateway should depend on it and on
   * the rules.
   */
  public readonly networkSecurityGroupAssociation: SubnetNetworkSecurityGroupAssociation;

  public constructor(scope: Construct, id: string, props: GatewayNetworkProps) {
    super(scope, id);
    const prefix = props.namePrefix ?? 'gms-edge';
    const addressSpace = props.addressSpace ?? ['10.60.0.0/16'];
    const subnetPrefix = props.gatewaySubnetPrefix ?? '10.60.0.0/24';
    const sources = props.allowedSourceAddressPrefixes ?? ['Internet'];
    const ports = props.listenerPorts ?? [443, 80];
    this.gatewaySubnetPrefix = subnetPrefix;
    checkGatewayNetworkInput(this, props);

    if (!Token.isUnresolved(subnetPrefix)) {
      const subnet = parseIpv4Cidr(subnetPrefix);
      if (subnet === undefined) {
        fail(this, 'gatewaySubnetPrefix', `must be an IPv4 CIDR block such as 10.60.0.0/24, got ${JSON.stringify(subnetPrefix)}`);
      }
      if (subnet.prefixLength > GATEWAY_SUBNET_MAX_PREFIX_LENGTH) {
        fail(this, 'gatewaySubnetPrefix', `${subnetPrefix} is smaller than /${GATEWAY_SUBNET_MAX_PREFIX_LENGTH}; Application Gateway v2 needs a dedicated subnet of /${GATEWAY_SUBNET_MAX_PREFIX_LENGTH} or larger (/24 recommended)`);
      }
      if (props.existingVirtualNetwork === undefined && addressSpace.every((space) => !Token.isUnresolved(space))) {
        const spaces = addressSpace.map((space) => parseIpv4Cidr(space));
        if (spaces.some((space) => space === undefined)) {
          fail(this, 'addressSpace', `must be IPv4 CIDR blocks, got ${JSON.stringify(addressSpace)}`);
        }
        if (!spaces.some((space) => space !== undefined && cidrContains(space, subnet))) {
          fail(this, 'gatewaySubnetPrefix', `${subnetPrefix} is not inside addressSpace ${JSON.stringify(addressSpace)}`);
        }
      }
    }
    if (sources.length === 0) {
      fail(this, 'allowedSourceAddressPrefixes', 'must not be empty (use ["Internet"] for a public edge)');
    }
    if (ports.length === 0 || ports.some((port) => !Number.isInteger(port) || port < 1 || port >= 65200)) {
      fail(this, 'listenerPorts', `must be ports from 1 to 65199, got ${JSON.stringify(ports)}`);
    }

    let virtualNetworkName: string;
    let virtualNetworkResourceGroupName: string;
    if (props.existingVirtualNetwork !== undefined) {
      virtualNetworkName = props.existingVirtualNetwork.name;
      virtualNetworkResourceGroupName = props.existingVirtualNetwork.resourceGroupName;
    } else {
      this.virtualNetwork = new VirtualNetwork(this, 'VirtualNetwork', {
        name: `${prefix}-vnet`,
        resourceGroupName: props.resourceGroup.name,
        location: props.resourceGroup.location,
        addressSpace,
        tags: props.tags,
      });
      virtualNetworkName = this.virtualNetwork.name;
      virtualNetworkResourceGroupName = props.resourceGroup.name;
    }

    this.gatewaySubnet = new Subnet(this, 'GatewaySubnet', {
      name: `${prefix}-agw-subnet`,
      resourceGroupName: virtualNetworkResourceGroupName,
      virtualNetworkName,
      addressPrefixes: [subnetPrefix],
    });

    const source = sources.length === 1 ? { sourceAddressPrefix: sources[0] } : { sourceAddressPrefixes: sources };
    // Separate azurerm_network_security_rule resources: the NSG's inline security_rule is an
    // "attributes as blocks" list that Terraform JSON only accepts with every field present.
    const rules: SecurityRuleSpec[] = [
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
    this.networkSecurityGroup = new NetworkSecurityGroup(this, 'NetworkSecurityGroup', {
      name: `${prefix}-agw-nsg`,
      resourceGroupName: props.resourceGroup.name,
      location: props.resourceGroup.location,
      tags: props.tags,
    });
    this.securityRules = rules.map((rule) => new NetworkSecurityRule(this, rule.name, {
      ...rule,
      resourceGroupName: props.resourceGroup.name,
      networkSecurityGroupName: this.networkSecurityGroup.name,
    }));
    this.networkSecurityGroupAssociation = new SubnetNetworkSecurityGroupAssociation(this, 'NetworkSecurityGroupAssociation', {
      subnetId: this.gatewaySubnet.id,
      networkSecurityGroupId: this.networkSecurityGroup.id,
      // The rules reference only the NSG's name, so Terraform would not order them otherwise.
      dependsOn: this.securityRules,
    });
  }
}
