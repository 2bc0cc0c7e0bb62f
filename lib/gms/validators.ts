/**
 * Input checks shared by both clouds: pure predicates (no cloud imports), and the one error
 * format of the library, `<construct path>: <property> <what is allowed>; got <value>`.
 */

/**
 * Anything with a construct path: a construct of aws-cdk-lib or of CDK for Terraform.
 * @internal
 */
export interface HasConstructPath {
  readonly node: { readonly path: string };
}

/**
 * Throws the library's synth-time error: the construct (by path), the property, what is
 * allowed and the value given.
 * @internal
 */
export function fail(scope: HasConstructPath, property: string, message: string): never {
  throw new Error(`${scope.node.path}: ${property} ${message}`);
}

const IPV4_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`);

/**
 * Whether a string is a dotted-quad IPv4 address (no leading zeros).
 * @internal
 */
export function isIpv4Address(value: unknown): value is string {
  return typeof value === 'string' && IPV4.test(value);
}

/**
 * Whether an IPv4 address is in 10/8, 172.16/12, 192.168/16 (RFC 1918) or 100.64/10 (RFC 6598).
 * @internal
 */
export function isPrivateIpv4Address(address: string): boolean {
  if (!isIpv4Address(address)) {
    return false;
  }
  const [a, b] = address.split('.').map(Number);
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

/**
 * An IPv4 CIDR block as a 32-bit address and a prefix length.
 * @internal
 */
export interface Ipv4Cidr {
  readonly address: number;
  readonly prefixLength: number;
}

/**
 * Parses `a.b.c.d/n` into a 32-bit network address and prefix length; `undefined` when it is not one.
 * @internal
 */
export function parseIpv4Cidr(cidr: string): Ipv4Cidr | undefined {
  const match = typeof cidr === 'string' ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr) : null;
  if (match === null) {
    return undefined;
  }
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefixLength > 32) {
    return undefined;
  }
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  return { address, prefixLength };
}

/**
 * Whether one CIDR block lies inside another.
 * @internal
 */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  if (inner.prefixLength < outer.prefixLength) {
    return false;
  }
  const mask = outer.prefixLength === 0 ? 0 : (0xffffffff << (32 - outer.prefixLength)) >>> 0;
  return ((outer.address & mask) >>> 0) === ((inner.address & mask) >>> 0);
}

/**
 * Whether an IPv4 address lies inside a CIDR block; `undefined` when either cannot be parsed.
 * @internal
 */
export function ipv4InCidr(address: string, cidr: string): boolean | undefined {
  const host = parseIpv4Cidr(`${address}/32`);
  const block = parseIpv4Cidr(cidr);
  return host === undefined || block === undefined ? undefined : cidrContains(block, host);
}

/** One DNS label (RFC 1123): 1–63 letters, digits and inner hyphens. */
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST_NAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);

/**
 * Options of {@link isHostName}.
 * @internal
 */
export interface HostNameOptions {
  /** Require at least two labels (`gms.example.com`, not `gms`). @default false */
  readonly fullyQualified?: boolean;
  /** Allow one leading wildcard label (`*.example.com`). @default false */
  readonly allowWildcard?: boolean;
}

/**
 * Whether a string is a DNS host name: labels of letters, digits and inner hyphens, at most 253 characters.
 * @internal
 */
export function isHostName(value: unknown, options: HostNameOptions = {}): value is string {
  if (typeof value !== 'string') {
    return false;
  }
  const name = options.allowWildcard === true && value.startsWith('*.') ? value.slice(2) : value;
  return HOST_NAME.test(name) && (options.fullyQualified !== true || name.includes('.'));
}

/**
 * Whether every request path a path pattern matches is also matched by another pattern, so that
 * the narrower one can never be reached once the broader one is evaluated first. Patterns are
 * literal paths or use `*` (any characters, `/` included) and `?` (one character), the syntax
 * both ALB path patterns and Application Gateway path rules (`*` at the end only) accept.
 * Conservative: `true` only when coverage is certain (equal patterns, or a broader pattern whose
 * only wildcard is a final `*` over a prefix of the narrower pattern's literal start).
 * @internal
 */
export function pathPatternCovers(broader: string, narrower: string): boolean {
  if (broader === narrower) {
    return true;
  }
  const wildcard = /[*?]/;
  const prefix = broader.slice(0, -1);
  if (!broader.endsWith('*') || wildcard.test(prefix)) {
    return false;
  }
  // Every path the narrower pattern matches starts with its literal text up to its first wildcard.
  const firstWildcard = narrower.search(wildcard);
  const literalStart = firstWildcard === -1 ? narrower : narrower.slice(0, firstWildcard);
  return literalStart.startsWith(prefix);
}

/**
 * Formats a parsed CIDR block as `a.b.c.d/n`.
 * @internal
 */
export function formatIpv4Cidr(cidr: Ipv4Cidr): string {
  const { address, prefixLength } = cidr;
  return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}/${prefixLength}`;
}

/**
 * The network block of a CIDR whose host bits are set (`10.60.0.5/24` gives `10.60.0.0/24`);
 * `undefined` when the host bits are clear or the text is not a CIDR block. Azure refuses such
 * a prefix for a VNet or subnet, and an NSG rule silently means the whole block.
 * @internal
 */
export function checkIpv4CidrHostBits(cidr: string): string | undefined {
  const parsed = parseIpv4Cidr(cidr);
  if (parsed === undefined) {
    return undefined;
  }
  const mask = parsed.prefixLength === 0 ? 0 : (0xffffffff << (32 - parsed.prefixLength)) >>> 0;
  const network = (parsed.address & mask) >>> 0;
  return network === parsed.address ? undefined : formatIpv4Cidr({ address: network, prefixLength: parsed.prefixLength });
}

/**
 * Whether two CIDR blocks share at least one address.
 * @internal
 */
export function ipv4CidrsOverlap(first: Ipv4Cidr, second: Ipv4Cidr): boolean {
  return cidrContains(first, second) || cidrContains(second, first);
}
