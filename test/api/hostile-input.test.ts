// No client input gets a 5xx: NUL bytes in strings, dates PostgreSQL cannot store (in query
// strings and in cursors), bodies the JSON parser refuses, ids that are not UUIDs or name nothing
// and integers past 2^53 each answer a 4xx with the error shape, naming the field where there is
// one, and change nothing. (Unknown SetupIntents: test/api/payment-methods.test.ts.)
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { documentedRoutes } from '../../api/openapi/routes';
import type { Role } from '../../access/api-keys';
import { clientFor, keyFor, useDatabaseAndApi } from '../support/api';
import { connectStripe, createMarketplace, createSelfServiceSeller } from '../support/fixtures';

const context = useDatabaseAndApi();

async function world() {
  const { db } = context.database;
  const marketplace = await createMarketplace(db);
  await connectStripe(db, marketplace.id);
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id);
  const marketplaceId = marketplace.id;
  const keys: Record<Role, string> = {
    platform: await keyFor(db, 'platform'),
    marketplace_admin: await keyFor(db, 'marketplace_admin', { marketplaceId }),
    seller: await keyFor(db, 'seller', { marketplaceId, sellerId: seller.id }),
    ingest: await keyFor(db, 'ingest', { marketplaceId }),
  };
  const call = (role: Role) => clientFor(context.api, keys[role]);
  return { marketplace, seller, campaign: campaigns[0]!, keys, call };
}

const errorShape = (field?: string) => ({
  error: {
    code: expect.any(String),
    message: expect.any(String),
    ...(field ? { field } : {}),
    requestId: expect.any(String),
  },
});

test('a NUL byte in any string field answers 400 naming the field, and stores nothing', async () => {
  const { db } = context.database;
  const { marketplace, seller, call } = await world();
  const cases: [Role, string, string, Record<string, unknown>, string][] = [
    ['platform', 'POST', '/v1/marketplaces', { name: 'Marché\u0000' }, 'name'],
    [
      'platform',
      'POST',
      '/v1/marketplaces',
      { name: 'M', adminEmail: 'a\u0000@x.example' },
      'adminEmail',
    ],
    ['seller', 'POST', `/v1/sellers/${seller.id}/campaigns`, { name: 'Sum\u0000mer' }, 'name'],
    ['seller', 'POST', `/v1/sellers/${seller.id}/campaigns`, { name: '\u0000' }, 'name'],
    [
      'seller',
      'POST',
      `/v1/sellers/${seller.id}/payment-methods/confirm`,
      { setupIntentId: 'seti_\u0000' },
      'setupIntentId',
    ],
    [
      'seller',
      'POST',
      `/v1/sellers/${seller.id}/payment-methods/confirm`,
      { setupIntentId: 'seti_1', card: '4242424242424242\u0000' },
      'card',
    ],
    [
      'marketplace_admin',
      'PATCH',
      `/v1/marketplaces/${marketplace.id}/payment-settings`,
      { timeZone: 'UTC\u0000' },
      'timeZone',
    ],
  ];
  for (const [role, method, path, body, field] of cases) {
    expect({ path, body, answer: await call(role)(method, path, body) }).toEqual({
      path,
      body,
      answer: { status: 400, body: errorShape(field) },
    });
  }
  expect(await db.campaign.count({ where: { sellerId: seller.id } })).toBe(1);
  expect(await db.marketplace.count()).toBe(1);
});

test('dates PostgreSQL cannot store, in query strings and in cursors, answer 400 naming the field', async () => {
  const { marketplace, seller, call } = await world();
  const admin = call('marketplace_admin');
  const sellerCall = call('seller');
  const outOfRange = ['0000-01-01T00:00:00Z', '0000-12-31T23:59:59.999Z'];
  for (const instant of outOfRange) {
    for (const field of ['from', 'to']) {
      const query = `${field}=${encodeURIComponent(instant)}`;
      expect(await admin('GET', `/v1/marketplaces/${marketplace.id}/payments?${query}`)).toEqual({
        status: 400,
        body: errorShape(field),
      });
      expect(await sellerCall('GET', `/v1/sellers/${seller.id}/payments?${query}`)).toEqual({
        status: 400,
        body: errorShape(field),
      });
    }
  }
  expect(
    await sellerCall('GET', `/v1/sellers/${seller.id}/spend/daily?from=0000-01-01&to=0000-01-02`),
  ).toEqual({ status: 400, body: errorShape('from') });
  expect(
    await sellerCall('GET', `/v1/sellers/${seller.id}/spend/daily?from=2026-01-01&to=0000-01-02`),
  ).toEqual({ status: 400, body: errorShape('to') });

  const cursorDates = [
    '0000-01-01T00:00:00.000Z',
    '+275760-09-13T00:00:00.000Z',
    '-271821-04-20T00:00:00.000Z',
    '+010000-01-01T00:00:00.000Z',
  ];
  for (const date of cursorDates) {
    const cursor = Buffer.from(`${date}|${randomUUID()}`).toString('base64url');
    for (const [client, path] of [
      [admin, `/v1/marketplaces/${marketplace.id}/payments`],
      [admin, `/v1/marketplaces/${marketplace.id}/notifications`],
      [sellerCall, `/v1/sellers/${seller.id}/payments`],
      [sellerCall, `/v1/sellers/${seller.id}/notifications`],
    ] as const) {
      expect({ date, path, answer: await client('GET', `${path}?cursor=${cursor}`) }).toEqual({
        date,
        path,
        answer: { status: 400, body: errorShape('cursor') },
      });
    }
  }
});

test('bodies the JSON parser refuses answer 4xx with the error shape', async () => {
  const { keys } = await world();
  const json = JSON.stringify({ name: 'Marché' });
  const bodies: { headers: Record<string, string>; body: string | Uint8Array<ArrayBuffer> }[] = [
    { headers: { 'content-type': 'application/json; charset=latin1' }, body: json },
    { headers: { 'content-type': 'application/json; charset=x-unknown' }, body: json },
    { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: json },
    { headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' }, body: json },
    { headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, body: json },
    {
      headers: { 'content-type': 'application/json', 'content-encoding': 'x-unknown' },
      body: json,
    },
    {
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(json).subarray(0, 12),
    },
    { headers: { 'content-type': 'application/json' }, body: '{"name": "Marché"' },
    { headers: { 'content-type': 'application/json' }, body: '\u0000' },
    { headers: { 'content-type': 'text/plain' }, body: json },
  ];
  for (const { headers, body } of bodies) {
    for (const [path, key] of [
      ['/v1/marketplaces', keys.platform],
      ['/v1/stripe/webhooks', null],
      ['/v1/invitations/accept', null],
    ] as const) {
      const response = await fetch(`${context.api.url}${path}`, {
        method: 'POST',
        headers: { ...headers, ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body,
      });
      const answer = {
        headers,
        path,
        statusClass: `${Math.floor(response.status / 100)}xx`,
        body: await response.json(),
      };
      expect(answer).toEqual({ headers, path, statusClass: '4xx', body: errorShape() });
    }
  }
});

test('a path id that is not a UUID, or names nothing, answers 404 on every route', async () => {
  const { marketplace, seller, campaign, call } = await world();
  const validId: Record<string, string> = {
    marketplaces: marketplace.id,
    sellers: seller.id,
    campaigns: campaign.id,
  };
  const badIds = ['not-a-uuid', '%00', '1', randomUUID(), 'x'.repeat(2000)];
  let checked = 0;
  for (const route of documentedRoutes) {
    const params = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1] as string);
    const role = route.roles[0];
    if (!role || params.length === 0) continue;
    for (const bad of badIds) {
      for (const param of params) {
        const path = route.path.replace(
          /\/(\w+)\/:(\w+)/g,
          (_all, resource: string, name: string) =>
            name === param
              ? `/${resource}/${bad}`
              : `/${resource}/${validId[resource] ?? seller.id}`,
        );
        const answer = await call(role)(route.method.toUpperCase(), `/v1${path}`);
        expect({ path, answer }).toEqual({ path, answer: { status: 404, body: errorShape() } });
        checked += 1;
      }
    }
  }
  expect(checked).toBeGreaterThan(100);
});

test('integers past 2^53 in query strings answer 400 naming the field', async () => {
  const { marketplace, seller, call } = await world();
  for (const limit of ['9007199254740993', '1e400', '-9007199254740993', '18446744073709551616']) {
    for (const [role, path] of [
      ['marketplace_admin', `/v1/marketplaces/${marketplace.id}/payments`],
      ['marketplace_admin', `/v1/marketplaces/${marketplace.id}/notifications`],
      ['seller', `/v1/sellers/${seller.id}/payments`],
    ] as const) {
      expect(await call(role)('GET', `${path}?limit=${limit}`)).toEqual({
        status: 400,
        body: errorShape('limit'),
      });
    }
  }
});
