// A billing workflow terminated by mistake: its spend is set aside (workflow_not_running), and
// once an operator resets the workflow with the README's command, the held spend is delivered
// and billed exactly once, on top of the balance the workflow had before.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLogger } from '../../observability/logger';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { toolPath } from '../../scripts/tools-dir';
import { recordSpendEvents } from '../../spend/ledger';
import { SpendRelay } from '../../spend/relay';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import { sellerBillingWorkflowId } from '../../workflows/ids';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createMarketplace, createSelfServiceSeller, spendEvent } from '../support/fixtures';
import { startDevServer } from '../support/dev-server';
import { createTestWorker } from '../support/temporal';
import type { BillingWorkers } from '../../worker/billing-worker';
import { waitFor } from '../support/wait-for';

const logger = createLogger('recovery-test');
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let worker: BillingWorkers;
let running: Promise<void>;
beforeAll(async () => {
  [env, database] = await Promise.all([startDevServer(), createTestDatabase()]);
  worker = await createTestWorker(env, {
    db: database.db,
    gateway: new SimulatedGateway(),
    logger,
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await database?.close();
  await env?.teardown();
});

test('spend held while the workflow was terminated is delivered and billed once after the operator resets it', async () => {
  const { db } = database;
  const billing = new SellerBillingClient(env.client, db);
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 10_000 }); // $100
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id);
  const campaignId = campaigns[0]!.id;
  const workflowId = sellerBillingWorkflowId(marketplace.id, seller.id);
  await billing.start(marketplace.id, seller.id);
  // Held sellers are retried at once here: the backoff is relay-isolation.test.ts's subject.
  const relay = () =>
    new SpendRelay({
      db,
      billing,
      logger,
      policy: { holdRetryBaseMs: 0, resendUnconfirmedAfterMs: 0 },
    });
  const state = async () => (await billing.state(marketplace.id, seller.id))!;

  await recordSpendEvents(db, marketplace.id, [
    spendEvent('before', seller.id, campaignId, 60_000_000),
  ]);
  await relay().pass();
  expect(await state()).toMatchObject({ unbilledMicros: 60_000_000 });

  await env.client.workflow.getHandle(workflowId).terminate('terminated by mistake');
  await recordSpendEvents(db, marketplace.id, [
    spendEvent('held', seller.id, campaignId, 45_000_000),
  ]);
  await relay().pass();
  expect(await db.spendRelayHold.findUnique({ where: { sellerId: seller.id } })).toMatchObject({
    reason: 'workflow_not_running',
  });

  // The README's procedure ("A billing workflow was terminated by mistake").
  const { stdout } = await promisify(execFile)(toolPath('temporal'), [
    'workflow',
    'reset',
    '--address',
    env.address,
    '--workflow-id',
    workflowId,
    '--type',
    'LastWorkflowTask',
    '--reason',
    'terminated by mistake',
  ]);
  console.info(stdout);

  await relay().pass();
  expect(await db.spendRelayHold.count({ where: { sellerId: seller.id } })).toBe(0);
  await waitFor(async () => (await state()).lastPayment?.status === 'succeeded');
  // $60 before the termination and $45 held: one charge of $105 at the limit, nothing twice.
  expect(await state()).toMatchObject({
    unbilledMicros: 0,
    lifetimeSpendMicros: '105000000',
    lastPayment: { amountMinor: 10_500, reason: 'credit_limit' },
  });
  const batches = await db.spendRelayBatch.findMany({ where: { sellerId: seller.id } });
  expect(
    batches
      .map((b) => ({ totalMicros: Number(b.totalMicros), signalled: b.signalledAt !== null }))
      .sort((a, b) => a.totalMicros - b.totalMicros),
  ).toEqual([
    { totalMicros: 45_000_000, signalled: true },
    { totalMicros: 60_000_000, signalled: true },
  ]);
  // A resend of the held batch (a relay that died before confirming) is ignored by the workflow.
  await relay().signal({
    id: batches.find((b) => Number(b.totalMicros) === 45_000_000)!.id,
    marketplaceId: marketplace.id,
    sellerId: seller.id,
    totalMicros: 45_000_000,
    lateMicros: 0,
    byCampaignMicros: { [campaignId]: 45_000_000 },
  });
  expect(await state()).toMatchObject({ unbilledMicros: 0, lifetimeSpendMicros: '105000000' });
  expect(
    await db.payment.findMany({
      where: { sellerId: seller.id },
      select: { amountMinor: true, status: true },
    }),
  ).toEqual([{ amountMinor: 10_500n, status: 'succeeded' }]);
});
