// With Temporal unreachable (nothing listening, or its server killed), whatever needs a workflow
// answers 503 temporal_unavailable with Retry-After instead of waiting out the client's retries,
// and whatever does not (spend ingestion, the seller list from the billing projection) keeps
// answering.
import { Client, type Connection } from '@temporalio/client';
import { freePort } from '../../scripts/free-port';
import { recordProjections } from '../../sellers/billing-projection';
import { apiTemporalConnection } from '../../temporal/client-connection';
import { API_TEMPORAL_CALL_TIMEOUT_MS } from '../../temporal/bounded-call';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import { keyFor, startApi, type RunningApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { createTimeSkippingEnvironment } from '../support/temporal';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

/** The API as api/main.ts builds it, on a Temporal address of the test's choosing. */
async function apiOn(address: string): Promise<{ api: RunningApi; connection: Connection }> {
  const connection = apiTemporalConnection(address);
  const { db } = database;
  const billing = new SellerBillingClient(new Client({ connection }), db, {
    callTimeoutMs: API_TEMPORAL_CALL_TIMEOUT_MS,
  });
  return { api: await startApi({ db, billing }), connection };
}

async function call(api: RunningApi, key: string, method: string, path: string, body?: unknown) {
  const startedAt = Date.now();
  const answer = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // The lead measures the bound by hand; the test logs it and asserts the outcome only.
  console.info(`${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')}: ${Date.now() - startedAt} ms`);
  return {
    status: answer.status,
    retryAfter: answer.headers.get('retry-after'),
    body: (await answer.json()) as Record<string, any>,
  };
}

async function sellerWithCampaign() {
  const { db } = database;
  const marketplace = await createMarketplace(db);
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id);
  return {
    marketplace,
    seller,
    campaign: campaigns[0]!,
    admin: await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
    sellerKey: await keyFor(db, 'seller', { marketplaceId: marketplace.id, sellerId: seller.id }),
    ingest: await keyFor(db, 'ingest', { marketplaceId: marketplace.id }),
  };
}

/** Every call that needs a workflow answers 503 temporal_unavailable; ingestion still takes spend. */
async function expectTemporalUnavailable(
  api: RunningApi,
  given: Awaited<ReturnType<typeof sellerWithCampaign>>,
) {
  const unavailable = {
    status: 503,
    retryAfter: expect.stringMatching(/^[1-9][0-9]*$/),
    body: {
      error: {
        code: 'temporal_unavailable',
        message: expect.any(String),
        requestId: expect.any(String),
      },
    },
  };
  const { seller, campaign, marketplace } = given;
  expect(await call(api, given.sellerKey, 'GET', `/v1/sellers/${seller.id}/billing`)).toEqual(
    unavailable,
  );
  await database.db.campaign.update({ where: { id: campaign.id }, data: { status: 'paused' } });
  expect(await call(api, given.sellerKey, 'POST', `/v1/campaigns/${campaign.id}/resume`)).toEqual(
    unavailable,
  );
  // The list asks no workflow: it shows what the workflow last reported to the projection.
  const list = () => call(api, given.admin, 'GET', `/v1/marketplaces/${marketplace.id}/sellers`);
  expect((await list()).body.sellers).toEqual([
    expect.objectContaining({ id: seller.id, billingStatus: 'unavailable', unbilledMicros: null }),
  ]);
  await recordProjections(database.db, [
    {
      marketplaceId: marketplace.id,
      sellerId: seller.id,
      version: 1,
      status: 'past_due',
      creditLimitMinor: 10_000,
      pendingCreditLimitMinor: 25_000,
      unbilledMicros: 7_000_000,
      cycleStartsAtMs: Date.parse('2026-11-01T00:00:00Z'),
      cycleEndsAtMs: Date.parse('2026-12-01T00:00:00Z'),
    },
  ]);
  const listed = await list();
  expect(listed.status).toBe(200);
  expect(listed.body).toEqual({
    sellers: [
      expect.objectContaining({
        id: seller.id,
        billingStatus: 'past_due',
        unbilledMicros: 7_000_000,
        creditLimitMinor: 10_000,
        pendingCreditLimitMinor: 25_000,
        cycleEndsAt: '2026-12-01T00:00:00.000Z',
      }),
    ],
    nextCursor: null,
  });
  const spend = await call(api, given.ingest, 'POST', '/v1/spend-events', {
    events: [
      {
        eventId: `imp-${seller.id}`,
        sellerId: seller.id,
        campaignId: campaign.id,
        amountMicros: 1_000_000,
        occurredAt: new Date().toISOString(),
      },
    ],
  });
  expect(spend).toMatchObject({ status: 202, body: { accepted: 1 } });
}

test('with nothing listening at the Temporal address, workflow reads answer 503 temporal_unavailable', async () => {
  const { api, connection } = await apiOn(`127.0.0.1:${await freePort()}`);
  try {
    await expectTemporalUnavailable(api, await sellerWithCampaign());
  } finally {
    await api.kill();
    await connection.close();
  }
});

test('with the Temporal server killed under a connected API, workflow reads answer 503 temporal_unavailable', async () => {
  const env = await createTimeSkippingEnvironment();
  const { api, connection } = await apiOn(env.address);
  try {
    const given = await sellerWithCampaign();
    // Connected first: the billing read reaches the server (the seller has no workflow yet).
    const before = await call(
      api,
      given.sellerKey,
      'GET',
      `/v1/sellers/${given.seller.id}/billing`,
    );
    expect(before).toMatchObject({ status: 200, body: { billing: null } });
    await env.teardown();
    await expectTemporalUnavailable(api, given);
  } finally {
    await api.kill();
    await connection.close();
  }
});
