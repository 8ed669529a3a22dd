// Decides whether an IP address is public (globally routable unicast), the only kind a webhook
// may be sent to. The ranges are data from the IANA special-purpose registries; node:net's
// BlockList does the matching, and it matches IPv4-mapped IPv6 addresses against IPv4 ranges.
import { BlockList, isIP } from 'node:net';

/** IPv4 ranges that are not public: [network, prefix length]. */
const SPECIAL_IPV4: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network", incl. the unspecified 0.0.0.0
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, incl. cloud metadata 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast 255.255.255.255
];

/**
 * IPv6 can be public only inside global unicast (2000::/3), which leaves out the unspecified
 * address, loopback, IPv4-compatible (::/96), link-local, site-local, unique-local, multicast
 * and local-use NAT64; or as an IPv4 address in IPv4-mapped or well-known NAT64 form, judged
 * by that IPv4 address.
 */
const ROUTABLE_IPV6: Array<[string, number]> = [
  ['2000::', 3],
  ['::ffff:0:0', 96], // IPv4-mapped
  ['64:ff9b::', 96], // NAT64 well-known prefix
];

/** Special-purpose blocks inside 2000::/3. */
const SPECIAL_IPV6: Array<[string, number]> = [
  ['2001::', 23], // IETF protocol assignments, incl. Teredo and benchmarking
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: carries an IPv4 address we cannot vouch for
  ['3fff::', 20], // documentation
];

const routableIpv6 = new BlockList();
for (const [network, prefix] of ROUTABLE_IPV6) routableIpv6.addSubnet(network, prefix, 'ipv6');

const special = new BlockList();
for (const [network, prefix] of SPECIAL_IPV4) {
  special.addSubnet(network, prefix, 'ipv4');
  // The same range behind NAT64 (IPv4-mapped forms are matched by the IPv4 rule itself).
  special.addSubnet(`64:ff9b::${network}`, 96 + prefix, 'ipv6');
}
for (const [network, prefix] of SPECIAL_IPV6) special.addSubnet(network, prefix, 'ipv6');

/** True for a literal IPv4 or IPv6 address that is globally routable unicast. */
export function isPublicAddress(address: string): boolean {
  // A zone id (fe80::1%eth0) names a local interface: never public.
  if (address.includes('%')) return false;
  switch (isIP(address)) {
    case 4:
      return !special.check(address, 'ipv4');
    case 6:
      return routableIpv6.check(address, 'ipv6') && !special.check(address, 'ipv6');
    default:
      return false;
  }
}
