import { checkIpv4CidrHostBits, cidrContains, fail, formatIpv4Cidr, ipv4CidrsOverlap, ipv4InCidr, isHostName, isIpv4Address, isPrivateIpv4Address, parseIpv4Cidr, pathPatternCovers } from '../../lib/gms';

describe('the shared checks of lib/gms', () => {
  it('accepts dotted-quad IPv4 addresses only', () => {
    expect(['10.0.0.1', '255.255.255.255', '0.0.0.0'].every(isIpv4Address)).toBe(true);
    expect(['10.0.0.256', '10.0.0', '010.0.0.1', ' 10.0.0.1', 'a.b.c.d', 7].some(isIpv4Address)).toBe(false);
  });

  it('knows the private ranges a load balancer can target (RFC 1918 and RFC 6598)', () => {
    expect(['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.0.1', '100.64.0.1', '100.127.255.255'].every(isPrivateIpv4Address)).toBe(true);
    expect(['172.32.0.1', '8.8.8.8', '100.128.0.1', '192.169.0.1', 'gms.local'].some(isPrivateIpv4Address)).toBe(false);
  });

  it('parses CIDR blocks and tells whether an address or block lies inside one', () => {
    expect(parseIpv4Cidr('10.60.0.0/24')).toEqual({ address: 0x0a3c0000, prefixLength: 24 });
    expect([parseIpv4Cidr('10.60.0.0'), parseIpv4Cidr('10.60.0.0/33'), parseIpv4Cidr('10.260.0.0/16')]).toEqual([undefined, undefined, undefined]);
    expect(ipv4InCidr('10.60.0.200', '10.60.0.0/24')).toBe(true);
    expect(ipv4InCidr('10.60.1.6', '10.60.0.0/24')).toBe(false);
    expect(ipv4InCidr('nope', '10.60.0.0/24')).toBeUndefined();
    expect(cidrContains(parseIpv4Cidr('10.60.0.0/16')!, parseIpv4Cidr('10.60.4.0/24')!)).toBe(true);
    expect(cidrContains(parseIpv4Cidr('10.60.4.0/24')!, parseIpv4Cidr('10.60.0.0/16')!)).toBe(false);
  });

  it('checks host names: labels of letters, digits and inner hyphens; optionally fully qualified or with a wildcard', () => {
    expect(isHostName('gms-1')).toBe(true);
    expect(isHostName('gms-1', { fullyQualified: true })).toBe(false);
    expect(isHostName('gms.example.com', { fullyQualified: true })).toBe(true);
    expect(isHostName('*.example.com')).toBe(false);
    expect(isHostName('*.example.com', { allowWildcard: true, fullyQualified: true })).toBe(true);
    expect(['-gms.example.com', 'gms-.example.com', 'gms..example.com', `${'a'.repeat(64)}.example.com`, 'gms example.com'].some((name) => isHostName(name))).toBe(false);
  });

  it('finds the host bits of a CIDR block and names its network address', () => {
    expect(checkIpv4CidrHostBits('10.60.0.5/24')).toBe('10.60.0.0/24');
    expect(checkIpv4CidrHostBits('203.0.113.7/0')).toBe('0.0.0.0/0');
    expect(checkIpv4CidrHostBits('10.60.0.0/16')).toBeUndefined();
    expect(checkIpv4CidrHostBits('10.60.0.5/32')).toBeUndefined();
    expect(checkIpv4CidrHostBits('10.60.0.0/33')).toBeUndefined();
    expect(formatIpv4Cidr(parseIpv4Cidr('192.168.255.0/24')!)).toBe('192.168.255.0/24');
  });

  it('tells whether two CIDR blocks share an address', () => {
    const block = (cidr: string) => parseIpv4Cidr(cidr)!;
    expect(ipv4CidrsOverlap(block('10.60.0.0/16'), block('10.60.128.0/17'))).toBe(true);
    expect(ipv4CidrsOverlap(block('10.60.128.0/17'), block('10.60.0.0/16'))).toBe(true);
    expect(ipv4CidrsOverlap(block('10.60.0.0/16'), block('10.61.0.0/16'))).toBe(false);
  });

  it('throws errors that name the construct path and the property', () => {
    expect(() => fail({ node: { path: 'Stack/Gateway' } }, 'port', 'must be an integer from 1 to 65535, got 0'))
      .toThrow(new Error('Stack/Gateway: port must be an integer from 1 to 65535, got 0'));
  });

  it('tells when a broader path pattern makes a narrower one unreachable', () => {
    expect(pathPatternCovers('/genesys/*', '/genesys/2/chat/*')).toBe(true);
    expect(pathPatternCovers('/genesys/2/chat/sales*', '/genesys/2/chat/sales/?x')).toBe(true);
    expect(pathPatternCovers('*', '/genesys/cometd')).toBe(true);
    expect(pathPatternCovers('/genesys/cometd', '/genesys/cometd')).toBe(true);
    // Not covered: the narrower pattern reaches beyond, or the broader one is not a plain prefix.
    expect(pathPatternCovers('/genesys/2/chat/*', '/genesys/*')).toBe(false);
    expect(pathPatternCovers('/genesys/cometd', '/genesys/cometd/*')).toBe(false);
    expect(pathPatternCovers('/genesys/*/chat*', '/genesys/2/chat/x')).toBe(false);
    expect(pathPatternCovers('/genesys/2/chat*', '/genesys/2/ch*')).toBe(false);
  });
});
