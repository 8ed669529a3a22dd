// R5(a): the card is charged the whole unbilled amount as soon as unbilled spend reaches the
// credit limit, and not before.
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { createLogger } from '../../observability/logger';
import { useTemporalAndDatabase } from '../support/servers';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { createTestWorker } from '../support/temporal';
import { waitFor } from '../support/wait-for';

const servers = useTemporalAndDatabase();

test('spend below the limit is not charged; crossing it charges the whole unbilled amount once', async () => {
  const { db } = servers.database;
  const gateway = new SimulatedGateway();
  const worker = await createTestWorker(servers.env, { db, gateway, logger: createLogger('test') });
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 10_000 }); // $100
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id);
  const campaignId = campaigns[0]!.id;
  const { billing } = servers;

  await worker.runUntil(async () => {
    await billing.start(marketplace.id, seller.id);
    await billing.signalSpend(marketplace.id, seller.id, {
      batchId: 'batch-1',
      totalMicros: 60_000_000,
      byCampaignMicros: { [campaignId]: 60_000_000 },
    });
    const below = await billing.state(marketplace.id, seller.id);
    expect(below?.unbilledMicros).toBe(60_000_000);
    expect(await db.payment.count()).toBe(0);

    await billing.signalSpend(marketplace.id, seller.id, {
      batchId: 'batch-2',
      totalMicros: 45_123_456,
      byCampaignMicros: { [campaignId]: 45_123_456 },
    });
    await waitFor(async () => (await db.payment.count()) === 1);
    const after = await billing.state(marketplace.id, seller.id);
    // 105.123456 USD unbilled → 10512 cents charged, 3456 micros carried.
    expect(after?.unbilledMicros).toBe(3_456);
    expect(after?.lastPayment).toMatchObject({ amountMinor: 10_512, status: 'succeeded' });
    expect(after?.spendByCampaignMicros[campaignId]).toBe('105123456');
  });

  const payments = await db.payment.findMany();
  expect(payments).toHaveLength(1);
  expect(payments[0]).toMatchObject({
    amountMinor: 10_512n,
    currency: 'USD',
    status: 'succeeded',
    receiptNumber: 1,
  });
  expect(gateway.charges().map((charge) => charge.idempotencyKey)).toEqual([
    payments[0]!.idempotencyKey,
  ]);
});
