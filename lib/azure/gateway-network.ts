import { Construct } from 'constructs';
import {
  NetworkSecurityGroup,
  NetworkSecurityRule,
  Subnet,
  SubnetNetworkSecurityGroupAssociation,
  VirtualNetwork,
} from './internal/cdktf';
import { checkGatewayNetworkInput, gatewaySecurityRules } from './private/gateway-security-rules';
import { checkGatewayNetworkAddresses } from './private/network-validation';
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
   * Address space of the new virtual network: network addresses (no host bits) that do not
   * overlap. Not allowed with `existingVirtualNetwork`.
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
   * Listener ports open to `allowedSourceAddressPrefixes`, each once, known at synthesis (they
   * name the NSG rules).
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

    checkGatewayNetworkAddresses(this, props);
    checkGatewayNetworkInput(this, { addressSpace, subnetPrefix, sources, ports, existingVirtualNetwork: props.existingVirtualNetwork !== undefined });

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

    const rules = gatewaySecurityRules(ports, sources);
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
