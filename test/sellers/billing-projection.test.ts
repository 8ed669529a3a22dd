// The seller list is served from the billing projection (real Temporal test server, PostgreSQL,
// API): after spend, a charge, a failed charge, a limit change and a termination it shows what
// the workflow says, and the relay decides from the same projection without asking any workflow.
import { createLogger } from '../../observability/logger';
import { recordSpendEvents } from '../../spend/ledger';
import { SpendRelay } from '../../spend/relay';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import { sellerBillingWorkflowId } from '../../workflows/ids';
import { clientFor, keyFor } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { createMarketplace, createSelfServiceSeller, spendEvent } from '../support/fixtures';
import { waitFor } from '../support/wait-for';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack(); // no relay: each test runs its passes itself
});
afterAll(() => stack?.stop());

/** The relay's client, counting the workflow reads (billingState queries) it makes. */
class ReadCountingBillingClient extends SellerBillingClient {
  reads = 0;
  override state(...args: Parameters<SellerBillingClient['state']>) {
    this.reads += 1;
    return super.state(...args);
  }
}

/** A $100-limit marketplace with one self-service seller on `card`, its workflow running. */
async function sellerOnCard(card: string) {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 10_000 });
  const admin = clientFor(
    stack.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id, {
    paymentMethodId: card,
  });
  await stack.billing.start(marketplace.id, seller.id);
  const billing = new ReadCountingBillingClient(stack.env.client, db);
  const relay = new SpendRelay({ db, billing, logger: createLogger('projection-test') });
  let events = 0;
  /** Records spend in the ledger and runs one relay pass: how many batches it delivered. */
  const spend = async (micros: number) => {
    events += 1;
    await recordSpendEvents(db, marketplace.id, [
      spendEvent(`${seller.id}-${events}`, seller.id, campaigns[0]!.id, micros),
    ]);
    return (await relay.pass()).length;
  };
  const listed = async () => {
    const answer = await admin('GET', `/v1/marketplaces/${marketplace.id}/sellers`);
    expect(answer.status).toBe(200);
    const row = (answer.body.sellers as Array<Record<string, any>>).find((s) => s.id === seller.id);
    return {
      billingStatus: row!.billingStatus,
      unbilledMicros: row!.unbilledMicros,
      creditLimitMinor: row!.creditLimitMinor,
      pendingCreditLimitMinor: row!.pendingCreditLimitMinor,
      cycleEndsAt: row!.cycleEndsAt,
    };
  };
  /** What the workflow itself says (its query), in the list's terms. */
  const workflowSays = async () => {
    const state = (await stack.billing.state(marketplace.id, seller.id))!;
    return {
      billingStatus: state.status,
      unbilledMicros: state.unbilledMicros,
      creditLimitMinor: state.creditLimitMinor,
      pendingCreditLimitMinor: state.pendingCreditLimitMinor,
      cycleEndsAt: state.cycle.endsAt,
    };
  };
  /** Waits until the list agrees with the workflow (reports are written after the workflow
   * acts), then answers what both say. */
  const agreed = async () => {
    await waitFor(
      async () => JSON.stringify(await listed()) === JSON.stringify(await workflowSays()),
    );
    return listed();
  };
  return { marketplace, seller, admin, billing, relay, spend, listed, workflowSays, agreed };
}

test('after spend, a limit charge and a limit change the list shows what the workflow says, and the relay asks no workflow', async () => {
  const { marketplace, seller, admin, billing, spend, listed, workflowSays, agreed } =
    await sellerOnCard('pm_card_visa');
  expect(await agreed()).toMatchObject({
    billingStatus: 'active',
    unbilledMicros: 0,
    creditLimitMinor: 10_000,
    pendingCreditLimitMinor: null,
  });

  // A delivery's answer is stored with the delivery: the list agrees as soon as the pass ends.
  expect(await spend(30_000_000)).toBe(1);
  expect(await listed()).toEqual(await workflowSays());
  expect((await listed()).unbilledMicros).toBe(30_000_000);

  // $30 of the $70 headroom is not a crossing; $70 is, delivered in the pass that sees it.
  expect(await spend(30_000_000)).toBe(0);
  expect(await spend(40_000_000)).toBe(1);
  await waitFor(async () => {
    const state = await stack.billing.state(marketplace.id, seller.id);
    return state?.lastPayment?.status === 'succeeded' && !state.chargeInFlight;
  });
  expect(await agreed()).toMatchObject({ billingStatus: 'active', unbilledMicros: 0 });

  // The charge's report restored the headroom: the next crossing is again delivered at once.
  expect(await spend(99_000_000)).toBe(0);
  expect(await spend(1_000_000)).toBe(1);

  const change = await admin(
    'PUT',
    `/v1/marketplaces/${marketplace.id}/sellers/${seller.id}/credit-limit`,
    { creditLimitMinor: 25_000 },
  );
  expect(change.status).toBe(200);
  expect(await agreed()).toMatchObject({
    creditLimitMinor: 10_000,
    pendingCreditLimitMinor: 25_000,
  });

  // At the cycle end the pending limit comes in force: the next run reports it at its start.
  const { cycleEndsAt } = await listed();
  await stack.env.sleep(Date.parse(cycleEndsAt) - (await stack.env.currentTimeMs()) + 60_000);
  expect(await agreed()).toMatchObject({ creditLimitMinor: 25_000, pendingCreditLimitMinor: null });
  expect(Date.parse((await listed()).cycleEndsAt)).toBeGreaterThan(Date.parse(cycleEndsAt));
  expect(billing.reads).toBe(0);
});

test('after a failed charge the list says past due, as the workflow does', async () => {
  const { marketplace, seller, spend, agreed } = await sellerOnCard('pm_card_chargeDeclined');
  await agreed();
  expect(await spend(120_000_000)).toBe(1);
  await waitFor(
    async () => (await stack.billing.state(marketplace.id, seller.id))?.status === 'past_due',
  );
  expect(await agreed()).toMatchObject({ billingStatus: 'past_due', unbilledMicros: 120_000_000 });
});

test('a terminated workflow is shown as terminated once the relay finds it gone, not as active', async () => {
  const { marketplace, seller, spend, listed, agreed } = await sellerOnCard('pm_card_visa');
  expect(await agreed()).toMatchObject({ billingStatus: 'active' });
  await stack.env.client.workflow
    .getHandle(sellerBillingWorkflowId(marketplace.id, seller.id))
    .terminate('operator');
  await spend(1_000_000);
  expect(await listed()).toMatchObject({ billingStatus: 'terminated' });
});

test('the list is paged, newest first, at most 100 a page', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db);
  const admin = clientFor(
    stack.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  const created: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    const { seller } = await createSelfServiceSeller(db, marketplace.id, { name: `S${i}` });
    // Distinct creation instants, so newest first is one order whatever the machine's speed.
    const createdAt = new Date(Date.parse('2026-01-01T00:00:00Z') + i * 1_000);
    await db.seller.update({ where: { id: seller.id }, data: { createdAt } });
    created.push(seller.id);
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
    const page = await admin('GET', `/v1/marketplaces/${marketplace.id}/sellers${query}`);
    expect(page.status).toBe(200);
    const sellers = page.body.sellers as Array<{ id: string }>;
    expect(sellers.length).toBeLessThanOrEqual(2);
    seen.push(...sellers.map((s) => s.id));
    cursor = page.body.nextCursor as string | null;
  } while (cursor);
  expect(seen).toEqual([...created].reverse());
  for (const limit of ['0', '101', 'x']) {
    const refused = await admin('GET', `/v1/marketplaces/${marketplace.id}/sellers?limit=${limit}`);
    expect(refused).toMatchObject({ status: 400, body: { error: { field: 'limit' } } });
  }
});
