// GET /v1/sellers/:sellerId/spend/daily: spend per campaign per day in the marketplace's time
// zone, for the seller itself and its marketplace's admins; anyone else gets 404.
import { issueApiKey } from '../../access/api-keys';
import type { DailyCampaignSpend } from '../../spend/daily-spend';
import { recordSpendEvents } from '../../spend/ledger';
import { callApi, useDatabaseAndApi } from '../support/api';
import { createMarketplace, createSelfServiceSeller, spendEvent } from '../support/fixtures';

const files = useDatabaseAndApi();

type DailyAnswer = { days: DailyCampaignSpend[]; timeZone: string; error: { code: string } };

test('spend is grouped by campaign and local day, for the seller and its admin only', async () => {
  const { db } = files.database;
  const marketplace = await createMarketplace(db, { timeZone: 'America/New_York' });
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id, { campaigns: 2 });
  const [c1, c2] = campaigns.map((c) => c.id) as [string, string];
  await recordSpendEvents(
    db,
    marketplace.id,
    [
      // 2026-03-10 03:30 UTC is still 9 March in New York (UTC-4 after the DST change on 8 March).
      spendEvent('d-1', seller.id, c1, 1_000_000, '2026-03-10T03:30:00Z'),
      spendEvent('d-2', seller.id, c1, 2_000_000, '2026-03-10T04:30:00Z'),
      spendEvent('d-3', seller.id, c2, 500_000, '2026-03-10T12:00:00Z'),
      spendEvent('d-4', seller.id, c1, 250_000, '2026-03-10T20:00:00Z'),
      spendEvent('d-out', seller.id, c1, 9_000_000, '2026-03-12T12:00:00Z'),
    ],
    Date.parse('2026-03-12T13:00:00Z'),
  ); // reported as it happened, inside the time window
  const path = `/v1/sellers/${seller.id}/spend/daily?from=2026-03-09&to=2026-03-10`;

  const sellerKey = await issueApiKey(db, {
    role: 'seller',
    marketplaceId: marketplace.id,
    sellerId: seller.id,
  });
  const answer = await callApi<DailyAnswer>(files.api.url, sellerKey, path);
  expect(answer.status).toBe(200);
  expect(answer.body.timeZone).toBe('America/New_York');
  // Days in order, and campaigns by id within a day (the API's documented order).
  const byDayThenCampaign = (
    a: { date: string; campaignId: string },
    b: { date: string; campaignId: string },
  ) => a.date.localeCompare(b.date) || a.campaignId.localeCompare(b.campaignId);
  expect(answer.body.days).toEqual(
    [
      { date: '2026-03-09', campaignId: c1, spendMicros: '1000000', events: 1 },
      { date: '2026-03-10', campaignId: c1, spendMicros: '2250000', events: 2 },
      { date: '2026-03-10', campaignId: c2, spendMicros: '500000', events: 1 },
    ].sort(byDayThenCampaign),
  );

  const adminKey = await issueApiKey(db, {
    role: 'marketplace_admin',
    marketplaceId: marketplace.id,
  });
  expect((await callApi<DailyAnswer>(files.api.url, adminKey, path)).body.days).toEqual(
    answer.body.days,
  );

  const other = await createSelfServiceSeller(db, marketplace.id, { name: 'Other Seller' });
  const otherSellerKey = await issueApiKey(db, {
    role: 'seller',
    marketplaceId: marketplace.id,
    sellerId: other.seller.id,
  });
  const otherMarketplace = await createMarketplace(db);
  const otherAdminKey = await issueApiKey(db, {
    role: 'marketplace_admin',
    marketplaceId: otherMarketplace.id,
  });
  for (const key of [otherSellerKey, otherAdminKey]) {
    const refused = await callApi<DailyAnswer>(files.api.url, key, path);
    expect([refused.status, refused.body.error.code]).toEqual([404, 'not_found']);
  }
  const ingestKey = await issueApiKey(db, { role: 'ingest', marketplaceId: marketplace.id });
  expect((await callApi<DailyAnswer>(files.api.url, ingestKey, path)).status).toBe(403);

  const backwards = await callApi<DailyAnswer>(
    files.api.url,
    sellerKey,
    `/v1/sellers/${seller.id}/spend/daily?from=2026-03-10&to=2026-03-01`,
  );
  expect([backwards.status, backwards.body.error.code]).toEqual([400, 'invalid_range']);
  const missing = await callApi<DailyAnswer>(
    files.api.url,
    sellerKey,
    `/v1/sellers/${seller.id}/spend/daily?from=2026-03-10`,
  );
  expect([missing.status, missing.body.error.code]).toEqual([400, 'invalid_request']);
});
