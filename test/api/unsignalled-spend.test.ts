// What a seller and its admin see as unbilled includes the ledger's spend that the relay has not
// signalled yet, whether unclaimed or claimed and unconfirmed, and the relay delivering it never
// changes the total: nothing is hidden by the relay's cadence and nothing is counted twice.
import { createLogger } from '../../observability/logger';
import { SpendRelay } from '../../spend/relay';
import { clientFor, keyFor } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { waitFor } from '../support/wait-for';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack(); // no relay: the test runs its passes itself
});
afterAll(() => stack?.stop());

test('unbilled spend counts what the relay has not signalled, before and after the relay runs', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 10_000 });
  const scope = { marketplaceId: marketplace.id };
  const admin = clientFor(stack.api, await keyFor(db, 'marketplace_admin', scope));
  const ingest = clientFor(stack.api, await keyFor(db, 'ingest', scope));
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id, { campaigns: 2 });
  await stack.billing.start(marketplace.id, seller.id);
  // A fresh relay each time remembers no recent signal, so it signals whatever is pending.
  const relay = () =>
    new SpendRelay({ db, billing: stack.billing, logger: createLogger('test-relay') });

  const report = async (events: Array<[string, number]>) =>
    expect(
      await ingest('POST', '/v1/spend-events', {
        events: events.map(([eventId, amountMicros], i) => ({
          eventId,
          sellerId: seller.id,
          campaignId: campaigns[i % 2]!.id,
          amountMicros,
          occurredAt: new Date().toISOString(),
        })),
      }),
    ).toMatchObject({ status: 202, body: { accepted: events.length } });
  /** What the seller's billing page and the admin's list say, side by side. */
  const views = async () => {
    const billing = await admin('GET', `/v1/sellers/${seller.id}/billing`);
    const list = await admin('GET', `/v1/marketplaces/${marketplace.id}/sellers`);
    const sellers = list.body.sellers as Array<Record<string, any>>;
    const listed = sellers.find((s) => s.id === seller.id)!;
    return {
      billing: {
        unbilledMicros: billing.body.billing.unbilledMicros,
        pendingSignalMicros: billing.body.seller.spendRelay.pendingSignalMicros,
      },
      list: {
        unbilledMicros: listed.unbilledMicros,
        pendingSignalMicros: listed.spendRelay.pendingSignalMicros,
      },
    };
  };
  const seen = (unbilledMicros: number, pendingSignalMicros: number) => ({
    billing: { unbilledMicros, pendingSignalMicros },
    list: { unbilledMicros, pendingSignalMicros },
  });
  // The list shows what the workflow reported: its first report comes with its first task.
  await waitFor(async () => (await views()).list.unbilledMicros === 0);

  // Reported, not yet claimed by any relay: all of it shows, all of it pending.
  await report([
    ['imp-1', 1_500_000],
    ['imp-2', 2_000_000],
    ['imp-3', 250_000],
  ]);
  expect(await views()).toEqual(seen(3_750_000, 3_750_000));

  // Delivered: the same total, now the workflow's own.
  expect(await relay().pass()).toHaveLength(1);
  expect(await views()).toEqual(seen(3_750_000, 0));

  // Claimed as a batch but not yet confirmed signalled (a relay that stopped mid-way), plus a
  // row reported after the claim: both still show.
  await report([['imp-4', 4_000_000]]);
  const claimed = await relay().claimDue();
  expect(claimed).toEqual([expect.objectContaining({ totalMicros: 4_000_000 })]);
  await report([['imp-5', 500_000]]);
  expect(await views()).toEqual(seen(8_250_000, 4_500_000));

  // The batch delivered and confirmed, then the late row: the total never moves.
  await relay().signalAndMark(claimed);
  expect(await views()).toEqual(seen(8_250_000, 500_000));
  expect(await relay().pass()).toHaveLength(1);
  expect(await views()).toEqual(seen(8_250_000, 0));
});
