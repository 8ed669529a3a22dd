// The admin's seller list survives one seller's broken billing: a workflow whose task fails never
// fails the list (it answers from the billing projection, 200), a seller whose spend the relay set
// aside shows why, so the admin can see that its spend is not reaching billing, and that seller's
// own billing view, which asks its workflow, says it is unavailable.
import { clientFor, keyFor } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { waitFor } from '../support/wait-for';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(() => stack?.stop());

test("one seller's failing workflow never fails the list; a held seller shows why", async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db);
  const admin = clientFor(
    stack.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  const healthy = (await createSelfServiceSeller(db, marketplace.id, { name: 'Healthy' })).seller;
  await stack.billing.start(marketplace.id, healthy.id);
  // A limit beyond every bound, stored before the bounds existed: this workflow's task fails.
  const broken = (await createSelfServiceSeller(db, marketplace.id, { name: 'Broken' })).seller;
  await db.seller.update({
    where: { id: broken.id },
    data: { creditLimitOverrideMinor: BigInt(Number.MAX_SAFE_INTEGER) },
  });
  await stack.billing.start(marketplace.id, broken.id);
  const heldAt = new Date('2026-11-20T10:00:00Z');
  const retryAt = new Date('2026-11-20T11:00:00Z');
  await db.spendRelayHold.create({
    data: {
      sellerId: broken.id,
      marketplaceId: marketplace.id,
      reason: 'workflow_not_running',
      heldAt,
      retryAt,
    },
  });

  // The list shows what each workflow reported: the healthy one reports once its first task ran.
  const list = () => admin('GET', `/v1/marketplaces/${marketplace.id}/sellers`);
  await waitFor(async () => {
    const sellers = (await list()).body.sellers as Array<{ id: string; billingStatus: string }>;
    return sellers.some((s) => s.id === healthy.id && s.billingStatus === 'active');
  });
  const listed = await list();
  expect(listed.status).toBe(200);
  expect(listed.body.sellers).toHaveLength(2);
  expect(listed.body.sellers).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        id: healthy.id,
        billingStatus: 'active',
        spendRelay: { status: 'flowing', pendingSignalMicros: 0 },
      }),
      expect.objectContaining({
        id: broken.id,
        spendRelay: {
          status: 'held',
          reason: 'workflow_not_running',
          since: heldAt.toISOString(),
          retryAt: retryAt.toISOString(),
          pendingSignalMicros: 0,
        },
      }),
    ]),
  );
  expect(await admin('GET', `/v1/sellers/${broken.id}/billing`)).toMatchObject({
    status: 503,
    body: { error: { code: 'billing_unavailable' } },
  });
  expect((await admin('GET', `/v1/sellers/${healthy.id}/billing`)).status).toBe(200);
});
