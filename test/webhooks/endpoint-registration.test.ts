// Registering a webhook endpoint as an attacker would (the API as deployed: no insecure URLs):
// every loopback, private, link-local, shared, multicast, reserved or metadata address, in any
// spelling, by IP or by a name that resolves there, and any URL with userinfo, is a 400 naming
// `url` with nothing stored; URLs are at most 2,048 characters; a marketplace has at most 16
// enabled endpoints, even when it registers them all at once.
import { useDatabaseAndApi, startApi } from '../support/api';
import { fakeDns, PUBLIC_TEST_ADDRESS } from '../support/fake-dns';
import { adminOfNewMarketplace } from './support';

const dns = fakeDns();
const context = useDatabaseAndApi({
  webhooks: { allowInsecureUrls: false, resolveHost: dns.resolveHost },
});

const hostsNotAllowed = {
  'loopback IPv4': ['127.0.0.1', '127.0.0.2', '127.255.255.254'],
  'numeric spellings of loopback': [
    '2130706433',
    '0x7f.1',
    '0x7f000001',
    '017700000001',
    '0177.0.0.1',
    '127.1',
    '127.0.1',
    '%31%32%37.0.0.1',
  ],
  'unspecified and "this network"': ['0.0.0.0', '0', '0.1.2.3', '[::]'],
  'link-local and cloud metadata': ['169.254.169.254', '0xA9FEA9FE', '2852039166', '169.254.0.1'],
  private: ['10.0.0.1', '10.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '3232235777'],
  shared: ['100.64.0.1', '100.127.255.254'],
  'multicast and broadcast': ['224.0.0.1', '239.255.255.250', '255.255.255.255', '[ff02::1]'],
  'reserved, benchmarking and documentation': [
    '240.0.0.1',
    '192.0.0.8',
    '192.0.2.1',
    '198.18.0.1',
    '198.51.100.7',
    '203.0.113.9',
    '[2001:db8::1]',
  ],
  'IPv6 loopback, link-local, unique-local': ['[::1]', '[fe80::1]', '[fc00::1]', '[fd00:ec2::254]'],
  'IPv4-mapped, IPv4-compatible, NAT64, 6to4 forms': [
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]',
    '[0:0:0:0:0:ffff:a9fe:a9fe]',
    '[::ffff:10.0.0.1]',
    '[::127.0.0.1]',
    '[64:ff9b::169.254.169.254]',
    '[64:ff9b::a00:1]',
    '[2002:7f00:1::1]',
  ],
  'local names': [
    'localhost',
    'LOCALHOST',
    'localhost.',
    'hooks.localhost',
    'metadata.google.internal',
    'metadata.google.internal.',
    'billing.corp.internal',
    'metadata',
    'printer.local',
    'router.home.arpa',
  ],
  'names resolving to such addresses': [
    'loopback-alias.example',
    'metadata-alias.example',
    'private-alias.example',
    'mapped-alias.example',
    'nat64-alias.example',
    'partly-private.example',
  ],
};

beforeAll(() => {
  dns.set('loopback-alias.example', ['127.0.0.1']);
  dns.set('metadata-alias.example', ['169.254.169.254']);
  dns.set('private-alias.example', ['10.20.30.40', 'fd00::1']);
  dns.set('mapped-alias.example', ['::ffff:192.168.0.1']);
  dns.set('nat64-alias.example', ['64:ff9b::10.0.0.1']);
  // One bad address among good ones is enough: a connection could pick it.
  dns.set('partly-private.example', [PUBLIC_TEST_ADDRESS, '10.0.0.1']);
  dns.set('unresolvable.example', []);
});

async function expectRefused(
  setup: Awaited<ReturnType<typeof adminOfNewMarketplace>>,
  url: string,
  code: string,
) {
  const refused = await setup.admin('POST', setup.path, { url });
  expect([url, refused.status, refused.body.error]).toEqual([
    url,
    400,
    expect.objectContaining({ code, field: 'url' }),
  ]);
}

async function storedEndpoints(marketplaceId: string) {
  return context.database.db.marketplaceWebhookEndpoint.count({ where: { marketplaceId } });
}

test.each(Object.entries(hostsNotAllowed))(
  'https to %s: 400 naming url, nothing stored',
  async (_kind, hosts) => {
    const setup = await adminOfNewMarketplace(context);
    for (const host of hosts) {
      await expectRefused(setup, `https://${host}/billing`, 'webhook_address_not_allowed');
      await expectRefused(setup, `https://${host}:8443/billing?x=1`, 'webhook_address_not_allowed');
    }
    expect(await storedEndpoints(setup.marketplace.id)).toBe(0);
  },
);

test('userinfo, other schemes and unresolvable hosts: 400 naming url, nothing stored', async () => {
  const setup = await adminOfNewMarketplace(context);
  for (const url of [
    'https://user:pass@hooks.market.example/billing',
    'https://user@hooks.market.example/billing',
    'https://:secret@hooks.market.example/billing',
    'http://hooks.market.example/billing',
    'http://127.0.0.1/billing',
    'http://localhost/billing',
    'ftp://hooks.market.example/billing',
    'file:///etc/passwd',
    'gopher://hooks.market.example/',
  ]) {
    await expectRefused(setup, url, 'webhook_url_not_allowed');
  }
  await expectRefused(setup, 'https://unresolvable.example/billing', 'webhook_dns_failed');
  expect(await storedEndpoints(setup.marketplace.id)).toBe(0);
});

test('public hosts, by name or by address, are accepted', async () => {
  const setup = await adminOfNewMarketplace(context);
  for (const url of [
    'https://hooks.market.example/billing',
    'https://hooks.market.example:8443/billing?tenant=7',
    `https://${PUBLIC_TEST_ADDRESS}/billing`,
    'https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/billing',
  ]) {
    const created = await setup.admin('POST', setup.path, { url });
    expect([url, created.status]).toEqual([url, 201]);
  }
});

test('a URL is at most 2,048 characters: longer is refused (400 naming url, or 413 for a huge body), nothing stored', async () => {
  const setup = await adminOfNewMarketplace(context);
  const base = 'https://hooks.market.example/';
  const longest = base + 'a'.repeat(2_048 - base.length);
  expect((await setup.admin('POST', setup.path, { url: longest })).status).toBe(201);
  const refused = await setup.admin('POST', setup.path, { url: `${longest}a` });
  expect(refused.status).toBe(400);
  expect(refused.body.error).toMatchObject({ code: 'invalid_request', field: 'url' });
  // A 4 MB URL is over the 64 KB a command body may be: refused before it is even parsed.
  const huge = await setup.admin('POST', setup.path, { url: base + 'a'.repeat(4 * 1024 * 1024) });
  expect(huge).toMatchObject({ status: 413, body: { error: { code: 'body_too_large' } } });
  expect(await storedEndpoints(setup.marketplace.id)).toBe(1);
});

test('at most 16 enabled endpoints per marketplace, even registered all at once', async () => {
  const setup = await adminOfNewMarketplace(context);
  const register = (i: number) =>
    setup.admin('POST', setup.path, { url: `https://hooks-${i}.market.example/billing` });
  const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => register(i)));
  const statuses = answers.map((answer) => answer.status);
  expect(statuses.filter((status) => status === 201)).toHaveLength(16);
  expect(statuses.filter((status) => status === 409)).toHaveLength(8);
  expect(answers.find((answer) => answer.status === 409)!.body.error).toMatchObject({
    code: 'too_many_endpoints',
  });
  expect(await storedEndpoints(setup.marketplace.id)).toBe(16);

  // A disabled endpoint makes room for one more.
  const first = answers.find((answer) => answer.status === 201)!.body;
  expect((await setup.admin('DELETE', `${setup.path}/${first.id}`)).status).toBe(200);
  expect((await register(100)).status).toBe(201);
  expect((await register(101)).status).toBe(409);

  // Another marketplace has its own 16.
  const other = await adminOfNewMarketplace(context);
  expect((await other.admin('POST', other.path, { url: 'https://a.market.example/' })).status).toBe(
    201,
  );
});

test('the OpenAPI document states the URL rules', async () => {
  const document = (await (await fetch(`${context.api.url}/v1/openapi.json`)).json()) as {
    paths: Record<string, Record<string, any>>;
  };
  const post = document.paths['/v1/marketplaces/{id}/webhooks']!.post;
  expect(post.requestBody.content['application/json'].schema.properties.url).toMatchObject({
    type: 'string',
    format: 'uri',
    maxLength: 2_048,
  });
  expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '400', '409']));
});

test('ALLOW_INSECURE_WEBHOOKS lets loopback names through, and nothing else', async () => {
  const devDns = fakeDns();
  devDns.set('loopback-alias.example', ['127.0.0.1']);
  const api = await startApi({
    db: context.database.db,
    webhooks: { allowInsecureUrls: true, resolveHost: devDns.resolveHost },
  });
  try {
    const setup = await adminOfNewMarketplace({ database: context.database, api });
    for (const url of [
      'http://localhost:4000/billing',
      'http://127.0.0.1:4000/billing',
      'https://[::1]:4000/billing',
    ]) {
      expect([url, (await setup.admin('POST', setup.path, { url })).status]).toEqual([url, 201]);
    }
    for (const host of [
      '10.0.0.1',
      '169.254.169.254',
      '[::ffff:a9fe:a9fe]',
      'metadata.google.internal',
    ]) {
      await expectRefused(setup, `http://${host}/billing`, 'webhook_url_not_allowed');
      await expectRefused(setup, `https://${host}/billing`, 'webhook_address_not_allowed');
    }
    await expectRefused(setup, 'https://loopback-alias.example/', 'webhook_address_not_allowed');
    await expectRefused(setup, 'http://user:pass@localhost:4000/', 'webhook_url_not_allowed');
  } finally {
    await api.close();
  }
});
