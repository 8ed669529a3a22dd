// A self-service seller whose billing workflow never started (its start failed after the
// invitation was committed) gets one from the reconciler; running, terminated and managed
// sellers are left as they are.
import { createLogger } from '../../observability/logger';
import { BillingReconciler } from '../../temporal/billing-reconciler';
import { sellerBillingWorkflowId } from '../../workflows/ids';
import { useTemporalAndDatabase } from '../support/servers';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';

const servers = useTemporalAndDatabase();

test('the reconciler starts only the missing billing workflows, and never revives a terminated one', async () => {
  const { db } = servers.database;
  const { billing } = servers;
  const reconciler = new BillingReconciler({ db, billing, logger: createLogger('test') });
  const marketplace = await createMarketplace(db);
  const running = (await createSelfServiceSeller(db, marketplace.id, { name: 'Running' })).seller;
  const missing = (await createSelfServiceSeller(db, marketplace.id, { name: 'Missing' })).seller;
  const stopped = (await createSelfServiceSeller(db, marketplace.id, { name: 'Stopped' })).seller;
  const managed = (await createSelfServiceSeller(db, marketplace.id, { name: 'Managed' })).seller;
  await db.seller.update({ where: { id: managed.id }, data: { billingMode: 'managed' } });
  expect(await billing.start(marketplace.id, running.id)).toBe(true);
  expect(await billing.start(marketplace.id, stopped.id)).toBe(true);
  await servers.env.client.workflow
    .getHandle(sellerBillingWorkflowId(marketplace.id, stopped.id))
    .terminate('operator stopped billing');

  expect(await reconciler.pass()).toBe(1);
  const status = async (sellerId: string) => {
    const handle = servers.env.client.workflow.getHandle(
      sellerBillingWorkflowId(marketplace.id, sellerId),
    );
    return (await handle.describe()).status.name;
  };
  expect(await status(missing.id)).toBe('RUNNING');
  expect(await status(running.id)).toBe('RUNNING');
  expect(await status(stopped.id)).toBe('TERMINATED');
  await expect(status(managed.id)).rejects.toThrow();

  expect(await reconciler.pass()).toBe(0);
});
