// Request bodies are read only for a caller who may send them: a key-authenticated route checks
// the key before the body is read, and each route reads at most what it needs (a spend batch of
// 5,000 events; far less for a command).
import { randomUUID } from 'node:crypto';
import { MAX_EVENTS_PER_REQUEST } from '../../api/routes/spend-events';
import { keyFor, useDatabaseAndApi } from '../support/api';
import { createMarketplace, createSelfServiceSeller, spendEvent } from '../support/fixtures';

const context = useDatabaseAndApi();

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${context.api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, body: await response.json() };
}

const MB = 1024 * 1024;
/** Not JSON: parsing it would answer 400 malformed_json, reading it past a limit 413. */
const malformed = `{"events": [${'x'.repeat(4 * MB)}`;
const wellFormed = JSON.stringify({ name: 'y'.repeat(4.9 * MB) });

const unauthenticated = {
  status: 401,
  body: {
    error: {
      code: 'unauthenticated',
      message: expect.any(String) as string,
      requestId: expect.any(String) as string,
    },
  },
};

describe.each([
  ['no key', {}],
  ['an unknown key', { authorization: 'Bearer sk_platform_unknown' }],
])('with %s, a large body gets 401 and is never parsed', (_caller, headers) => {
  test.each([
    ['a spend batch', '/v1/spend-events'],
    ['a command', '/v1/marketplaces'],
    ['an unknown route', '/v1/nothing-here'],
  ])('%s', async (_route, path) => {
    expect(await post(path, malformed, headers)).toEqual(unauthenticated);
    expect(await post(path, wellFormed, headers)).toEqual(unauthenticated);
  });
});

test('a command takes at most 64 KB; a spend batch of 5,000 events fits its own limit', async () => {
  const { db } = context.database;
  const marketplace = await createMarketplace(db);
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id);
  const admin = await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id });
  const ingest = await keyFor(db, 'ingest', { marketplaceId: marketplace.id });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  const invite = (email: string) =>
    post(
      `/v1/marketplaces/${marketplace.id}/invitations`,
      JSON.stringify({ email }),
      bearer(admin),
    );
  const tooLarge = await invite(`${'a'.repeat(64 * 1024)}@shop.example`);
  expect(tooLarge).toMatchObject({ status: 413, body: { error: { code: 'body_too_large' } } });

  const events = Array.from({ length: MAX_EVENTS_PER_REQUEST }, (_, i) =>
    spendEvent(`limit-${i}-${'p'.repeat(100)}`, seller.id, campaigns[0]!.id, 1_000),
  );
  const batch = JSON.stringify({ events });
  expect(batch.length).toBeGreaterThan(MB);
  const accepted = await post('/v1/spend-events', batch, bearer(ingest));
  expect(accepted).toMatchObject({ status: 202, body: { accepted: MAX_EVENTS_PER_REQUEST } });
});

test('invitation acceptance, which has no key, takes a small body only', async () => {
  const token = `inv_${randomUUID()}`;
  const answer = await post(
    '/v1/invitations/accept',
    JSON.stringify({ token, sellerName: 'n'.repeat(64 * 1024) }),
  );
  expect(answer).toMatchObject({ status: 413, body: { error: { code: 'body_too_large' } } });
});
