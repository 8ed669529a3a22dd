// The billing-command outbox end to end: commands written with the change, delivered at once by
// the request and otherwise by the relay, each applied once, set aside on their own when they
// cannot be delivered, and carrying the stored limit as it is at delivery time.
import { recordBillingCommands } from '../../billing-commands/record';
import { BillingCommandRelay } from '../../billing-commands/relay';
import { createLogger } from '../../observability/logger';
import type { SellerBillingClient } from '../../temporal/seller-billing-client';
import { billingConfigOf, billingInputOf } from '../../temporal/billing-input';
import { sellerBillingWorkflowId } from '../../workflows/ids';
import type { BillingCommandSignal } from '../../workflows/messages';
import { clientFor, keyFor, startApi } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { waitFor } from '../support/wait-for';

const logger = createLogger('test-commands');
const LATER = () => Date.now() + 2 * 60 * 60_000; // past every retry time

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(() => stack?.stop());

function relay(now?: () => number) {
  return new BillingCommandRelay({ db: stack.database.db, billing: stack.billing, logger, now });
}

async function commandsOf(marketplaceId: string) {
  return stack.database.db.billingCommand.findMany({
    where: { marketplaceId },
    orderBy: { id: 'asc' },
  });
}

async function stateOf(marketplaceId: string, sellerId: string) {
  const state = await stack.billing.state(marketplaceId, sellerId);
  if (!state) throw new Error(`seller ${sellerId} has no billing workflow`);
  return state;
}

async function startedSellers(
  marketplaceId: string,
  names: string[],
  overrides: Record<string, bigint> = {},
) {
  const { db } = stack.database;
  const sellers = [];
  for (const name of names) {
    const { seller } = await createSelfServiceSeller(db, marketplaceId, { name });
    const override = overrides[name];
    if (override !== undefined) {
      await db.seller.update({
        where: { id: seller.id },
        data: { creditLimitOverrideMinor: override },
      });
    }
    await stack.billing.start(marketplaceId, seller.id);
    sellers.push(seller);
  }
  return sellers;
}

test('a default-limit change whose delivery fails part-way answers 200, and the relay brings it to every seller exactly once', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 10_000 });
  const sellers = await startedSellers(marketplace.id, ['A', 'B', 'C', 'D'], { D: 50_000n });
  const special = sellers[3]!;
  // The second delivery meets a broken connection; the others reach Temporal.
  let deliveries = 0;
  const flaky: Pick<SellerBillingClient, 'deliverCommand'> = {
    async deliverCommand(...args) {
      deliveries += 1;
      if (deliveries === 2) throw new Error('read ECONNRESET');
      return stack.billing.deliverCommand(...args);
    },
  };
  const api = await startApi({
    db,
    billing: stack.billing,
    commands: new BillingCommandRelay({ db, billing: flaky, logger }),
  });
  try {
    const admin = clientFor(
      api,
      await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
    );
    const answer = await admin('PATCH', `/v1/marketplaces/${marketplace.id}/payment-settings`, {
      defaultCreditLimitMinor: 20_000,
    });
    expect(answer.status).toBe(200);
  } finally {
    await api.close();
  }
  const afterRequest = await commandsOf(marketplace.id);
  expect(afterRequest.map((c) => c.sellerId).sort()).toEqual(sellers.map((s) => s.id).sort());
  expect(afterRequest.filter((c) => c.deliveredAt === null)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ setAsideReason: 'delivery_failed', lastError: 'read ECONNRESET' }),
    ]),
  );

  await relay(LATER).pass();
  const delivered = await commandsOf(marketplace.id);
  expect(delivered.map((c) => c.id)).toEqual(afterRequest.map((c) => c.id));
  expect(delivered.filter((c) => c.deliveredAt === null || c.setAsideReason !== null)).toEqual([]);
  for (const seller of sellers.slice(0, 3)) {
    expect(await stateOf(marketplace.id, seller.id)).toMatchObject({
      creditLimitMinor: 10_000,
      pendingCreditLimitMinor: 20_000,
    });
  }
  expect(await stateOf(marketplace.id, special.id)).toMatchObject({
    creditLimitMinor: 50_000,
    pendingCreditLimitMinor: null,
  });
});

test('a default change racing a per-seller override ends with the override in force', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 10_000 });
  const [seller] = await startedSellers(marketplace.id, ['Racer']);
  const admin = clientFor(
    stack.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  for (const round of [1, 2, 3, 4, 5]) {
    const [settings, override] = await Promise.all([
      admin('PATCH', `/v1/marketplaces/${marketplace.id}/payment-settings`, {
        defaultCreditLimitMinor: 20_000 + round,
      }),
      admin('PUT', `/v1/marketplaces/${marketplace.id}/sellers/${seller!.id}/credit-limit`, {
        creditLimitMinor: 70_000 + round,
      }),
    ]);
    expect([settings.status, override.status]).toEqual([200, 200]);
  }
  await relay(LATER).pass();
  expect(await stateOf(marketplace.id, seller!.id)).toMatchObject({
    creditLimitMinor: 10_000,
    pendingCreditLimitMinor: 70_005,
  });
});

test('a start command never delivered is delivered by the relay; a terminated workflow is set aside, not revived, and the others flow', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db);
  const [stopped] = await startedSellers(marketplace.id, ['Stopped']);
  const { seller: missing } = await createSelfServiceSeller(db, marketplace.id, {
    name: 'Missing',
  });
  const { seller: managed } = await createSelfServiceSeller(db, marketplace.id, {
    name: 'Managed',
  });
  await db.seller.update({ where: { id: managed.id }, data: { billingMode: 'managed' } });
  await stack.env.client.workflow
    .getHandle(sellerBillingWorkflowId(marketplace.id, stopped!.id))
    .terminate('operator stopped billing');
  const written = await db.$transaction((tx) =>
    recordBillingCommands(
      tx,
      { marketplaceId: marketplace.id, sellerIds: [stopped!.id, missing.id, managed.id] },
      'start',
    ),
  );
  expect(written).toHaveLength(2); // a managed seller has no workflow to tell

  await relay().pass();
  const status = async (sellerId: string) =>
    (
      await stack.env.client.workflow
        .getHandle(sellerBillingWorkflowId(marketplace.id, sellerId))
        .describe()
    ).status.name;
  expect(await status(missing.id)).toBe('RUNNING');
  expect(await status(stopped!.id)).toBe('TERMINATED');
  expect(await commandsOf(marketplace.id)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ sellerId: missing.id, setAsideReason: null }),
      expect.objectContaining({
        sellerId: stopped!.id,
        deliveredAt: null,
        setAsideReason: 'workflow_not_running',
        attempts: 1,
      }),
    ]),
  );
  // Until its retry time the set-aside command is left alone; then it is tried again.
  const stoppedCommand = async () =>
    (await commandsOf(marketplace.id)).find((c) => c.sellerId === stopped!.id);
  await relay().pass();
  expect(await stoppedCommand()).toMatchObject({ attempts: 1 });
  await relay(LATER).pass();
  expect(await stoppedCommand()).toMatchObject({
    attempts: 2,
    deliveredAt: null,
    setAsideReason: 'workflow_not_running',
  });
  expect(await status(stopped!.id)).toBe('TERMINATED');
});

test('a redelivered command is applied once: a card update sent twice retries a failing payment once', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 10_000 });
  const { seller } = await createSelfServiceSeller(db, marketplace.id, {
    paymentMethodId: 'pm_card_chargeDeclined',
  });
  await stack.billing.start(marketplace.id, seller.id);
  await stack.billing.signalSpend(marketplace.id, seller.id, {
    batchId: 'over-the-limit',
    totalMicros: 150_000_000,
    byCampaignMicros: {},
  });
  await waitFor(
    async () => (await stateOf(marketplace.id, seller.id)).dunning?.failedAttempts === 1,
  );

  const stored = await db.seller.findUniqueOrThrow({
    where: { id: seller.id },
    include: { marketplace: true },
  });
  const cardUpdated: BillingCommandSignal = {
    commandId: '5d0c7a4e-7d0e-4c59-9f3e-2d3c1b6a9e01',
    kind: 'payment_method_updated',
    config: billingConfigOf(stored),
  };
  await stack.billing.deliverCommand(billingInputOf(stored), cardUpdated);
  await waitFor(async () => {
    const state = await stateOf(marketplace.id, seller.id);
    return state.dunning?.failedAttempts === 2 && !state.chargeInFlight;
  });
  // A relay that died after signalling and before marking sends the same command again.
  await stack.billing.deliverCommand(billingInputOf(stored), cardUpdated);
  expect(await stateOf(marketplace.id, seller.id)).toMatchObject({
    chargeInFlight: false,
    dunning: expect.objectContaining({ failedAttempts: 2 }),
  });
  expect(await db.payment.count({ where: { sellerId: seller.id } })).toBe(2);
});

test('a settings change reaches running workflows as the README says: the alert share at once, a dunning schedule not before the next failure', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 10_000 });
  const [spender] = await startedSellers(marketplace.id, ['Spender']);
  const { seller: failing } = await createSelfServiceSeller(db, marketplace.id, {
    name: 'Failing',
    paymentMethodId: 'pm_card_chargeDeclined',
  });
  await stack.billing.start(marketplace.id, failing.id);
  await stack.billing.signalSpend(marketplace.id, spender!.id, {
    batchId: 'half-the-limit',
    totalMicros: 50_000_000,
    byCampaignMicros: {},
  });
  await stack.billing.signalSpend(marketplace.id, failing.id, {
    batchId: 'over-the-limit',
    totalMicros: 150_000_000,
    byCampaignMicros: {},
  });
  await waitFor(
    async () => (await stateOf(marketplace.id, failing.id)).dunning?.failedAttempts === 1,
  );
  const scheduledRetry = (await stateOf(marketplace.id, failing.id)).dunning?.nextRetryAt;
  expect((await stateOf(marketplace.id, spender!.id)).unbilledMicros).toBe(50_000_000);
  const alerts = () =>
    db.notification.count({ where: { sellerId: spender!.id, kind: 'spend_alert' } });
  expect(await alerts()).toBe(0);

  const admin = clientFor(
    stack.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  const answer = await admin('PATCH', `/v1/marketplaces/${marketplace.id}/payment-settings`, {
    spendAlertPercent: 40,
    dunningScheduleDays: [2, 5],
  });
  expect(answer.status).toBe(200);
  await waitFor(async () => (await alerts()) === 1);
  expect((await stateOf(marketplace.id, failing.id)).dunning?.nextRetryAt).toBe(scheduledRetry);
});
