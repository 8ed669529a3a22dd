// What an operator sees of a seller's billing workflow in the Temporal Web UI: a summary naming
// the seller and marketplace, and current details the workflow keeps up to date (status, unbilled
// spend against the limit, the next charge, dunning), read here the way the UI reads them.
import { createLogger } from '../../observability/logger';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { sellerBillingWorkflowId } from '../../workflows/ids';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { useTemporalAndDatabase } from '../support/servers';
import { createTestWorker } from '../support/temporal';
import { waitFor } from '../support/wait-for';

const servers = useTemporalAndDatabase();

test('the workflow names its seller and marketplace and keeps its current details up to date', async () => {
  const { db } = servers.database;
  const marketplace = await db.marketplace.update({
    where: { id: (await createMarketplace(db, { defaultCreditLimitMinor: 10_000 })).id },
    data: { name: 'Marché Central' },
  });
  const { seller } = await createSelfServiceSeller(db, marketplace.id, { name: 'Old Oak Shop' });
  const worker = await createTestWorker(servers.env, {
    db,
    gateway: new SimulatedGateway(),
    logger: createLogger('metadata-test'),
  });
  await worker.runUntil(async () => {
    await servers.billing.start(marketplace.id, seller.id);
    const handle = servers.env.client.workflow.getHandle(
      sellerBillingWorkflowId(marketplace.id, seller.id),
    );
    const details = async () =>
      (await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata'))
        .currentDetails;

    const described = await handle.describe();
    expect(await described.staticSummary()).toBe('Old Oak Shop · Marché Central (USD)');
    expect(await described.staticDetails()).toBe(
      [
        `Seller: **Old Oak Shop** (${seller.id})`,
        `Marketplace: **Marché Central** (${marketplace.id})`,
        'Currency USD, cycles in UTC',
        'Credit limit at start: 100.00 USD',
      ].join('\n'),
    );
    await waitFor(async () => (await details()).includes('Status: **active**'));
    expect(await details()).toContain('**Old Oak Shop · Marché Central (USD)**');
    expect(await details()).toContain('Unbilled: **0.00 USD** of a **100.00 USD** limit');
    // Instants read as a person writes them, not as ISO 8601 to the millisecond.
    expect(await details()).toMatch(
      /\nCycle: \d{4}-\d\d-\d\d \d\d:\d\d UTC → \d{4}-\d\d-\d\d \d\d:\d\d UTC\n/,
    );
    expect(await details()).not.toMatch(/\d\d:\d\d:\d\d\.\d{3}Z/);

    await servers.billing.signalSpend(marketplace.id, seller.id, {
      batchId: '7f3d1c52-7a43-4b53-9b7d-3d8f2f0a1b11',
      totalMicros: 42_500_000,
      byCampaignMicros: {},
    });
    await waitFor(async () => (await details()).includes('Unbilled: **42.50 USD**'));
    expect(await details()).toMatch(/Next charge: at the credit limit, or at the cycle end/);

    await servers.billing.signalSpend(marketplace.id, seller.id, {
      batchId: '0b8e6c1d-25f4-4a8e-9d61-5c2f7a9e3b20',
      totalMicros: 60_000_000,
      byCampaignMicros: {},
    });
    await waitFor(async () => (await details()).includes('Last payment:'));
    expect(await details()).toMatch(
      /Last payment: succeeded, 102\.50 USD \(the credit limit was reached\) at \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
    );
  });
});
