// The API's /metrics in Prometheus format: requests timed by route pattern (never a URL with
// ids) and status, and spend events counted by outcome as the ad server reports them.
import { randomUUID } from 'node:crypto';
import { clientFor, keyFor, useDatabaseAndApi } from '../support/api';
import { createMarketplace, createSelfServiceSeller, spendEvent } from '../support/fixtures';
import { countOf, labelValuesOf, scrape } from '../support/metrics';

const context = useDatabaseAndApi();

test('spend events are counted as accepted, duplicate and rejected, and their requests timed by route', async () => {
  const { db } = context.database;
  const marketplace = await createMarketplace(db);
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id);
  const ingest = clientFor(
    context.api,
    await keyFor(db, 'ingest', { marketplaceId: marketplace.id }),
  );
  const before = await scrape(context.api.url);

  const first = spendEvent(`imp-${randomUUID()}`, seller.id, campaigns[0]!.id, 1_500_000);
  const tooOld = spendEvent(
    `imp-${randomUUID()}`,
    seller.id,
    campaigns[0]!.id,
    1_000_000,
    '2001-01-01T00:00:00Z',
  );
  expect(
    (await ingest('POST', '/v1/spend-events', { events: [first, tooOld] })).body,
  ).toMatchObject({ accepted: 1, duplicates: 0, rejected: [{ index: 1 }] });
  expect((await ingest('POST', '/v1/spend-events', { events: [first] })).body).toMatchObject({
    accepted: 0,
    duplicates: 1,
  });
  const after = await scrape(context.api.url);

  const moved = (outcome: string) =>
    countOf(after, 'billing_spend_events_total', { outcome }) -
    countOf(before, 'billing_spend_events_total', { outcome });
  expect({
    accepted: moved('accepted'),
    duplicate: moved('duplicate'),
    rejected: moved('rejected'),
  }).toEqual({ accepted: 1, duplicate: 1, rejected: 1 });
  const timed = { method: 'POST', route: '/v1/spend-events', status_code: '202' };
  expect(
    countOf(after, 'http_request_duration_seconds_count', timed) -
      countOf(before, 'http_request_duration_seconds_count', timed),
  ).toBe(2);
});

test('requests are labelled with their route pattern, whatever the ids, the status or the error', async () => {
  const { db } = context.database;
  const marketplace = await createMarketplace(db);
  const { seller } = await createSelfServiceSeller(db, marketplace.id);
  const sellerCall = clientFor(
    context.api,
    await keyFor(db, 'seller', { marketplaceId: marketplace.id, sellerId: seller.id }),
  );
  expect((await sellerCall('GET', `/v1/sellers/${seller.id}/campaigns`)).status).toBe(200);
  expect((await sellerCall('GET', `/v1/sellers/${randomUUID()}/campaigns`)).status).toBe(404);
  expect((await sellerCall('GET', `/v1/no-such-thing/${randomUUID()}`)).status).toBe(404);

  const routes = labelValuesOf(
    await scrape(context.api.url),
    'http_request_duration_seconds_count',
    'route',
  );
  expect(routes).toEqual(expect.arrayContaining(['/v1/sellers/:id/campaigns', 'unmatched']));
  expect(routes.filter((route) => /[0-9a-f]{8}-[0-9a-f]{4}/.test(route))).toEqual([]);
  const text = await scrape(context.api.url);
  for (const status of ['200', '404']) {
    expect(
      countOf(text, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '/v1/sellers/:id/campaigns',
        status_code: status,
      }),
    ).toBeGreaterThanOrEqual(1);
  }
});
