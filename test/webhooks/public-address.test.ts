// The address classifier behind webhook URLs: only globally routable unicast addresses are
// public; every special-purpose range, in every IPv4 and IPv6 spelling, is not.
import { isPublicAddress } from '../../webhooks/public-address';

const notPublic = {
  'unspecified and "this network"': ['0.0.0.0', '0.1.2.3', '::', '0:0:0:0:0:0:0:0'],
  loopback: ['127.0.0.1', '127.255.255.254', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1'],
  'link-local and cloud metadata': ['169.254.169.254', '169.254.0.1', 'fe80::1', 'febf::1'],
  private: [
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '192.168.255.255',
  ],
  'unique-local and site-local IPv6': ['fc00::1', 'fd12:3456:789a::1', 'fec0::1'],
  'shared (carrier-grade NAT)': ['100.64.0.1', '100.127.255.254'],
  multicast: ['224.0.0.1', '239.255.255.250', 'ff02::1', 'ff0e::1'],
  'reserved and broadcast': ['240.0.0.1', '255.255.255.255', '192.0.0.8', '192.88.99.1'],
  benchmarking: ['198.18.0.1', '198.19.255.255', '2001:2::1'],
  documentation: ['192.0.2.1', '198.51.100.7', '203.0.113.9', '2001:db8::1', '3fff::1'],
  'IPv4-mapped IPv6 of those': [
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '0:0:0:0:0:ffff:a9fe:a9fe',
    '::ffff:10.0.0.1',
    '::ffff:192.168.1.1',
    '::ffff:100.64.0.1',
    '::ffff:0.0.0.0',
  ],
  'IPv4-compatible IPv6 (deprecated, any)': ['::127.0.0.1', '::a9fe:a9fe', '::8.8.8.8'],
  'NAT64 of those': ['64:ff9b::127.0.0.1', '64:ff9b::a00:1', '64:ff9b::169.254.169.254'],
  'local-use NAT64, IPv4-translated, 6to4, Teredo, discard': [
    '64:ff9b:1::a00:1',
    '::ffff:0:7f00:1',
    '2002:7f00:1::1',
    '2002:c0a8:101::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '100::1',
  ],
  'not an address': ['', 'localhost', '127.1', '2130706433', '::ffff:127.0.0.1%eth0', '1.2.3'],
};

test.each(Object.entries(notPublic))('%s: not public', (_kind, addresses) => {
  for (const address of addresses)
    expect([address, isPublicAddress(address)]).toEqual([address, false]);
});

test('globally routable unicast addresses are public, in every spelling', () => {
  for (const address of [
    '93.184.215.14',
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '169.255.0.1',
    '11.0.0.1',
    '2606:2800:21f:cb07:6820:80da:af6b:8b2c',
    '2a00:1450:4001:82a::200e',
    '::ffff:93.184.215.14',
    '64:ff9b::8.8.8.8',
  ]) {
    expect([address, isPublicAddress(address)]).toEqual([address, true]);
  }
});
