// The exposure trend (R15) from real snapshot rows: one per marketplace per UTC hour whoever
// writes, written through the worker loop's own function with an injected clock, and the API
// listing those of the current cycle in the marketplace's time zone, oldest first.
import { recordProjections } from '../../sellers/billing-projection';
import { ExposureSnapshotter, takeExposureSnapshots } from '../../sellers/exposure-snapshots';
import { billingCycleContaining } from '../../rules/cycles';
import type { BillingStatus } from '../../workflows/messages';
import { clientFor, keyFor, useDatabaseAndApi } from '../support/api';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';

const stack = useDatabaseAndApi();
const MINUTE = 60_000;

test('the trend keeps one snapshot per hour and lists the current cycle in the marketplace time zone', async () => {
  const { db } = stack.database;
  // A half-hour offset: the cycle starts in the middle of a UTC hour.
  const timeZone = 'Asia/Kolkata';
  const marketplace = await createMarketplace(db, { timeZone });
  const { seller } = await createSelfServiceSeller(db, marketplace.id);
  const cycle = billingCycleContaining(Date.now(), timeZone);
  let version = 0;
  const owe = (status: BillingStatus, unbilledMicros: number) =>
    recordProjections(db, [
      {
        marketplaceId: marketplace.id,
        sellerId: seller.id,
        version: ++version,
        status,
        creditLimitMinor: 99_999_999,
        pendingCreditLimitMinor: null,
        unbilledMicros,
        cycleStartsAtMs: cycle.startsAtMs,
        cycleEndsAtMs: cycle.endsAtMs,
      },
    ]);
  const snapshotsOf = () => db.exposureSnapshot.count({ where: { marketplaceId: marketplace.id } });

  await owe('active', 1_000_000);
  await takeExposureSnapshots(db, cycle.startsAtMs - 40 * MINUTE);
  await owe('active', 5_000_000);
  await takeExposureSnapshots(db, cycle.startsAtMs + 10 * MINUTE);
  // A second writer in the same hour, with other totals, writes nothing.
  await owe('past_due', 7_000_000);
  let clock = cycle.startsAtMs + 20 * MINUTE;
  const loop = new ExposureSnapshotter(db, () => clock);
  await loop.pass();
  expect(await snapshotsOf()).toBe(2);
  clock = cycle.startsAtMs + 2 * 60 * MINUTE;
  await loop.pass();
  await owe('delinquent', 3_000_000);
  await takeExposureSnapshots(db, cycle.endsAtMs + MINUTE);
  expect(await snapshotsOf()).toBe(4);

  const admin = clientFor(
    stack.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  const answer = await admin('GET', `/v1/marketplaces/${marketplace.id}/exposure`);
  expect(answer.status).toBe(200);
  // Before the cycle and in the next one are left out; the first of an hour stands.
  expect(answer.body.trend).toEqual([
    {
      takenAt: new Date(cycle.startsAtMs + 10 * MINUTE).toISOString(),
      unbilledMicros: '5000000',
      pastDueMicros: '0',
      delinquentMicros: '0',
    },
    {
      takenAt: new Date(cycle.startsAtMs + 2 * 60 * MINUTE).toISOString(),
      unbilledMicros: '7000000',
      pastDueMicros: '7000000',
      delinquentMicros: '0',
    },
  ]);
});
