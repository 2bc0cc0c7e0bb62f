/**
 * Checks of the gateway network's address input: CIDR blocks as Azure takes them, address
 * spaces that do not overlap, NSG sources and ports within the NSG's limits.
 */
import { IConstruct } from 'constructs';
import { checkIpv4CidrHostBits, ipv4CidrsOverlap, isIpv4Address, parseIpv4Cidr } from '../../gms';
import type { GatewayNetworkProps } from '../gateway-network';
import { Token } from '../internal/cdktf';
import { fail, literal } from './validation';

/**
 * "IP addresses and ranges specified for source or destination in a security group": 4000
 * (Azure networking limits, learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#networking-limits).
 * @internal
 */
export const NSG_SOURCE_PREFIXES_MAX = 4000;

/**
 * NSG rule priorities run from 100 to 4096 (learn.microsoft.com/azure/virtual-network/network-security-groups-overview);
 * the listener rules start at 120, 10 apart, below the final deny at 4096.
 * @internal
 */
export const LISTENER_PORTS_MAX = Math.floor((4095 - 120) / 10) + 1;

/** A service tag such as `Internet`, `AzureFrontDoor.Backend` or `Storage.WestEurope`, or `*`. */
const SERVICE_TAG = /^(?:\*|[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*)$/;

/** Fails for a CIDR block that is malformed or has host bits set. */
function checkCidr(scope: IConstruct, property: string, value: string): void {
  if (parseIpv4Cidr(value) === undefined) {
    fail(scope, property, `must be an IPv4 CIDR block such as 10.60.0.0/16 (prefix length 0-32), got ${JSON.stringify(value)}`);
  }
  const network = checkIpv4CidrHostBits(value);
  if (network !== undefined) {
    fail(scope, property, `${value} has host bits set; Azure takes the network address, ${network}`);
  }
}

/**
 * Checks the address input of a gateway network; tokens are not checked.
 * @internal
 */
export function checkGatewayNetworkAddresses(scope: IConstruct, props: GatewayNetworkProps): void {
  if (props.existingVirtualNetwork !== undefined && props.addressSpace !== undefined) {
    fail(scope, 'addressSpace', 'applies to a new virtual network; it would be ignored with existingVirtualNetwork (leave it out)');
  }
  const spaces = (props.addressSpace ?? []).filter((space) => literal(space));
  spaces.forEach((space, index) => checkCidr(scope, `addressSpace[${index}]`, space));
  spaces.forEach((space, index) => {
    const overlapping = spaces.findIndex((other, otherIndex) => otherIndex < index && ipv4CidrsOverlap(parseIpv4Cidr(other)!, parseIpv4Cidr(space)!));
    if (overlapping >= 0) {
      fail(scope, `addressSpace[${index}]`, `${space} overlaps addressSpace[${overlapping}] ${spaces[overlapping]}; the address spaces of a virtual network must not overlap`);
    }
  });
  if (props.gatewaySubnetPrefix !== undefined && literal(props.gatewaySubnetPrefix)) {
    checkCidr(scope, 'gatewaySubnetPrefix', props.gatewaySubnetPrefix);
  }

  const sources = props.allowedSourceAddressPrefixes ?? [];
  if (sources.length > NSG_SOURCE_PREFIXES_MAX) {
    fail(scope, 'allowedSourceAddressPrefixes', `lists ${sources.length} prefixes; a network security group takes at most ${NSG_SOURCE_PREFIXES_MAX} source addresses and ranges`);
  }
  const seen = new Map<string, number>();
  sources.forEach((source, index) => {
    const at = `allowedSourceAddressPrefixes[${index}]`;
    if (!literal(source)) {
      return;
    }
    if (source.includes('/')) {
      checkCidr(scope, at, source);
    } else if (!isIpv4Address(source) && !SERVICE_TAG.test(source)) {
      fail(scope, at, `must be an IPv4 address, a CIDR block or a service tag such as "Internet", got ${JSON.stringify(source)}`);
    }
    const other = seen.get(source.toLowerCase());
    if (other !== undefined) {
      fail(scope, at, `${JSON.stringify(source)} is also allowedSourceAddressPrefixes[${other}]`);
    }
    seen.set(source.toLowerCase(), index);
  });

  const ports = props.listenerPorts ?? [];
  if (ports.length > LISTENER_PORTS_MAX) {
    fail(scope, 'listenerPorts', `lists ${ports.length} ports; one NSG rule each, 10 priorities apart from 120 below the final deny at 4096, leaves room for ${LISTENER_PORTS_MAX}`);
  }
  ports.forEach((port, index) => {
    if (Token.isUnresolved(port)) {
      fail(scope, `listenerPorts[${index}]`, 'must be a number known at synthesis, not a Terraform token: it names the NSG rule of the port');
    }
    if (ports.indexOf(port) !== index) {
      fail(scope, `listenerPorts[${index}]`, `${port} is listed twice (also listenerPorts[${ports.indexOf(port)}])`);
    }
  });
}
