// A marketplace's credit exposure (R15) from the billing projection and the ledger (real
// PostgreSQL and API, no Temporal): totals by status, spend not yet delivered counted, managed
// and terminated sellers and other marketplaces left out, totals past 2^53 exact.
import { recordProjections } from '../../sellers/billing-projection';
import { recordSpendEvents } from '../../spend/ledger';
import type { BillingProjection, BillingStatus } from '../../workflows/messages';
import { clientFor, keyFor, useDatabaseAndApi } from '../support/api';
import {
  createManagedSeller,
  createMarketplace,
  createSelfServiceSeller,
  spendEvent,
} from '../support/fixtures';

const stack = useDatabaseAndApi();

function report(
  marketplaceId: string,
  sellerId: string,
  status: BillingStatus,
  unbilledMicros: number,
): BillingProjection {
  return {
    marketplaceId,
    sellerId,
    version: 1,
    status,
    creditLimitMinor: 99_999_999,
    pendingCreditLimitMinor: null,
    unbilledMicros,
    cycleStartsAtMs: Date.parse('2026-11-01T00:00:00Z'),
    cycleEndsAtMs: Date.parse('2026-12-01T00:00:00Z'),
  };
}

test('exposure sums what self-service sellers owe by status, with undelivered spend, the largest first', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db);
  const other = await createMarketplace(db);
  const seller = async (name: string) =>
    (await createSelfServiceSeller(db, marketplace.id, { name })).seller;
  const [a, b, c, d, gone] = [
    await seller('A'),
    await seller('B'),
    await seller('C'),
    await seller('D'),
    await seller('Gone'),
  ];
  const managed = await createManagedSeller(db, marketplace.id);
  const outsider = (await createSelfServiceSeller(db, other.id)).seller;
  // Two amounts whose sum passes 2^53 micros: the totals stay exact as decimal strings.
  const big = 4_600_000_000_000_000;
  await recordProjections(db, [
    report(marketplace.id, a.id, 'active', big),
    report(marketplace.id, b.id, 'active', big - 1),
    report(marketplace.id, c.id, 'past_due', 7_000_000),
    report(marketplace.id, d.id, 'delinquent', 3_000_000),
    report(marketplace.id, gone.id, 'active', 5_000_000),
    report(other.id, outsider.id, 'active', 11_000_000),
    // A seller made managed after its workflow reported: billed by the marketplace, not us.
    report(marketplace.id, managed.seller.id, 'active', 13_000_000),
  ]);
  await db.sellerBillingProjection.update({
    where: { sellerId: gone.id },
    data: { closedStatus: 'not_running' },
  });
  const [campaign] = await db.campaign.findMany({ where: { sellerId: c.id } });
  await recordSpendEvents(db, marketplace.id, [spendEvent('e-1', c.id, campaign!.id, 250_000)]);

  const admin = clientFor(
    stack.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  const answer = await admin('GET', `/v1/marketplaces/${marketplace.id}/exposure`);
  expect(answer.status).toBe(200);
  const reported = BigInt(big) * 2n - 1n + 7_000_000n + 3_000_000n;
  expect(answer.body).toEqual({
    currency: marketplace.currency,
    totalMicros: (reported + 250_000n).toString(),
    undeliveredMicros: '250000',
    byStatus: {
      active: { sellers: 2, unbilledMicros: (BigInt(big) * 2n - 1n).toString() },
      past_due: { sellers: 1, unbilledMicros: '7000000' },
      delinquent: { sellers: 1, unbilledMicros: '3000000' },
    },
    largest: [
      expect.objectContaining({ sellerId: a.id, name: 'A', unbilledMicros: big }),
      expect.objectContaining({ sellerId: b.id, unbilledMicros: big - 1 }),
      expect.objectContaining({ sellerId: c.id, status: 'past_due', unbilledMicros: 7_000_000 }),
      expect.objectContaining({ sellerId: d.id, status: 'delinquent' }),
    ],
    trend: [],
  });
  const largest = answer.body.largest as Array<{ sellerId: string }>;
  expect(largest.map((x) => x.sellerId)).not.toContain(managed.seller.id);

  const otherAdmin = clientFor(
    stack.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: other.id }),
  );
  expect((await otherAdmin('GET', `/v1/marketplaces/${marketplace.id}/exposure`)).status).toBe(404);
});
