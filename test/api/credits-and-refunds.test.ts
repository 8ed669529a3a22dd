// R14: an admin credits a seller against its unbilled spend or refunds part of a past payment.
// A credit reaches the seller's workflow once and never drives unbilled below zero; a refund never
// exceeds what the payment paid less earlier refunds, also when many arrive at once. Each one that
// takes effect has a numbered credit note (its own sequence per marketplace), an e-mail to the
// seller, a notification for the admins and a webhook event; the lists show them.
import { randomUUID } from 'node:crypto';
import { billingInputOf } from '../../temporal/billing-input';
import { clientFor, keyFor } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import {
  createManagedSeller,
  createMarketplace,
  createSelfServiceSeller,
} from '../support/fixtures';
import { pdfText } from '../support/pdf-text';
import { waitFor } from '../support/wait-for';

const DOLLARS = 1_000_000;
let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack({ mail: true });
});
afterAll(() => stack?.stop());

async function marketplaceWithSeller() {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 1_000_00 });
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id);
  await stack.billing.start(marketplace.id, seller.id);
  await db.marketplaceWebhookEndpoint.create({
    data: { marketplaceId: marketplace.id, url: 'https://hooks.example/b', secret: 'whsec_x' },
  });
  const admin = clientFor(
    stack.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  const sellerClient = clientFor(
    stack.api,
    await keyFor(db, 'seller', { marketplaceId: marketplace.id, sellerId: seller.id }),
  );
  return { marketplace, seller, campaign: campaigns[0]!.id, admin, sellerClient };
}

async function spend(world: Awaited<ReturnType<typeof marketplaceWithSeller>>, micros: number) {
  const { marketplace, seller, campaign } = world;
  const before = (await stack.billing.state(marketplace.id, seller.id))!.unbilledMicros;
  await stack.billing.signalSpend(marketplace.id, seller.id, {
    batchId: randomUUID(),
    totalMicros: micros,
    byCampaignMicros: { [campaign]: micros },
  });
  await waitFor(
    async () =>
      (await stack.billing.state(marketplace.id, seller.id))!.unbilledMicros === before + micros,
  );
}

async function paymentOf(
  marketplaceId: string,
  sellerId: string,
  amountMinor: number,
  status = 'succeeded',
) {
  return stack.database.db.payment.create({
    data: {
      marketplaceId,
      sellerId,
      idempotencyKey: `charge:${randomUUID()}`,
      chargeSequence: 1,
      attempt: 1,
      reason: 'cycle_end',
      amountMinor: BigInt(amountMinor),
      currency: 'USD',
      status,
      gateway: 'simulated',
      gatewayPaymentId: `pi_sim_${randomUUID()}`,
      cycleStartsAt: new Date('2026-10-01T00:00:00Z'),
      cycleEndsAt: new Date('2026-11-01T00:00:00Z'),
      receiptNumber: status === 'succeeded' ? 7 : null,
    },
  });
}

function webhookEvents(marketplaceId: string, type: string) {
  return stack.database.db.marketplaceWebhookDelivery.findMany({
    where: { eventType: type, endpoint: { marketplaceId } },
  });
}

describe('credits against unbilled spend', () => {
  test('a credit is applied once by the workflow: unbilled falls by it, a numbered credit note, e-mail, notification and credit.issued follow', async () => {
    const world = await marketplaceWithSeller();
    const { marketplace, seller, admin, sellerClient } = world;
    await spend(world, 40 * DOLLARS + 123);

    const issued = await admin('POST', `/v1/sellers/${seller.id}/credits`, {
      amountMinor: 15_00,
      reason: 'Invalid traffic on 12 November',
    });
    expect(issued.status).toBe(201);
    expect(issued.body.credit).toMatchObject({ status: 'pending', requestedMinor: 15_00 });
    const creditId = issued.body.credit.id as string;

    await waitFor(async () => {
      const credit = await stack.database.db.credit.findUniqueOrThrow({ where: { id: creditId } });
      return credit.status === 'applied';
    });
    const state = await stack.billing.state(marketplace.id, seller.id);
    expect(state!.unbilledMicros).toBe(25 * DOLLARS + 123);

    // The outbox delivered it once, and a redelivery changes nothing.
    const credit = await stack.database.db.credit.findUniqueOrThrow({ where: { id: creditId } });
    const command = await stack.database.db.billingCommand.findUniqueOrThrow({
      where: { id: credit.billingCommandId },
    });
    expect(command).toMatchObject({ kind: 'credit_issued', attempts: 1 });
    expect(command.deliveredAt).not.toBeNull();
    await stack.billing.deliverCommand(billingInputOf({ ...seller, marketplace }), {
      commandId: command.id,
      kind: 'credit_issued',
      config: {
        version: 0,
        creditLimitMinor: 1_000_00,
        minimumChargeMinor: 50,
        dunningScheduleDays: [1, 3, 7],
        spendAlertPercent: 80,
      },
      credit: { creditId, amountMinor: 15_00 },
    });
    await spend(world, 1);
    expect((await stack.billing.state(marketplace.id, seller.id))!.unbilledMicros).toBe(
      25 * DOLLARS + 124,
    );

    const listed = await sellerClient('GET', `/v1/sellers/${seller.id}/credits`);
    expect(listed.body.credits).toEqual([
      expect.objectContaining({
        id: creditId,
        status: 'applied',
        appliedMinor: 15_00,
        creditNoteNumber: 1,
        creditNoteUrl: `/v1/credits/${creditId}/credit-note.pdf`,
      }),
    ]);
    const note = await fetch(
      `${stack.api.url}/v1/credits/${creditId}/credit-note.pdf?download=true`,
      {
        headers: { authorization: await sellerAuth(world) },
      },
    );
    expect(note.status).toBe(200);
    expect(note.headers.get('content-disposition')).toBe(
      'attachment; filename="credit-note-000001.pdf"',
    );
    const text = await pdfText(Buffer.from(await note.arrayBuffer()));
    expect(text).toContain('Credit note number 1');
    expect(text).toContain('15.00 USD');
    expect(text).toContain('Invalid traffic on 12 November');

    await waitFor(async () =>
      (await stack.mailbox!.messages()).some(
        (m) => m.to.includes(seller.email) && m.subject === 'Credit of 15.00 USD applied',
      ),
    );
    const adminFeed = await admin('GET', `/v1/marketplaces/${marketplace.id}/notifications`);
    expect(JSON.stringify(adminFeed.body)).toContain('Credit of 15.00 USD to');
    const events = await webhookEvents(marketplace.id, 'credit.issued');
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({
      type: 'credit.issued',
      sellerId: seller.id,
      data: { creditId, amountMinor: 15_00, currency: 'USD', creditNoteNumber: 1 },
    });
  });

  test('a credit above the whole minor units unbilled (less credits on their way) is refused with 409 on amountMinor', async () => {
    const world = await marketplaceWithSeller();
    const { seller, admin } = world;
    await spend(world, 10 * DOLLARS + 9_999);
    for (const amountMinor of [10_01, 99_999_999]) {
      const refused = await admin('POST', `/v1/sellers/${seller.id}/credits`, {
        amountMinor,
        reason: 'too much',
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({
        code: 'credit_exceeds_unbilled',
        field: 'amountMinor',
      });
    }
    expect(
      (
        await admin('POST', `/v1/sellers/${seller.id}/credits`, {
          amountMinor: 10_00,
          reason: 'all of it',
        })
      ).status,
    ).toBe(201);
    await waitFor(
      async () =>
        (await stack.billing.state(seller.marketplaceId, seller.id))!.unbilledMicros === 9_999,
    );
    const nothingLeft = await admin('POST', `/v1/sellers/${seller.id}/credits`, {
      amountMinor: 1,
      reason: 'one cent',
    });
    expect(nothingLeft.status).toBe(409);
    expect(await stack.database.db.credit.count({ where: { sellerId: seller.id } })).toBe(1);
  });

  test('a managed seller has nothing unbilled to credit: 409', async () => {
    const world = await marketplaceWithSeller();
    const { seller: managed } = await createManagedSeller(stack.database.db, world.marketplace.id);
    const refused = await world.admin('POST', `/v1/sellers/${managed.id}/credits`, {
      amountMinor: 1_00,
      reason: 'x',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('seller_not_self_service');
  });
});

describe('refunds of past payments', () => {
  test('a partial refund goes to the gateway with its idempotency key; credit note numbers follow the credits’, e-mail, notification and payment.refunded follow', async () => {
    const world = await marketplaceWithSeller();
    const { marketplace, seller, admin, sellerClient } = world;
    await spend(world, 5 * DOLLARS);
    const credit = await admin('POST', `/v1/sellers/${seller.id}/credits`, {
      amountMinor: 1_00,
      reason: 'first',
    });
    await waitFor(
      async () =>
        (await stack.database.db.credit.findUniqueOrThrow({ where: { id: credit.body.credit.id } }))
          .status === 'applied',
    );
    const payment = await paymentOf(marketplace.id, seller.id, 120_00);

    const refunded = await admin('POST', `/v1/payments/${payment.id}/refunds`, {
      amountMinor: 20_00,
      reason: 'Bot clicks',
    });
    expect(refunded.status).toBe(201);
    expect(refunded.body.refund).toMatchObject({
      paymentId: payment.id,
      status: 'succeeded',
      amountMinor: 20_00,
      creditNoteNumber: 2,
    });
    const refundId = refunded.body.refund.id as string;
    const row = await stack.database.db.refund.findUniqueOrThrow({ where: { id: refundId } });
    expect(row.gatewayRefundId).toMatch(/^re_sim_/);
    expect(row.idempotencyKey).toBe(`refund:${marketplace.id}:${refundId}`);

    const listed = await sellerClient('GET', `/v1/sellers/${seller.id}/refunds`);
    expect(listed.body.refunds).toEqual([expect.objectContaining({ id: refundId })]);
    const history = await sellerClient('GET', `/v1/sellers/${seller.id}/payments`);
    expect(history.body.payments[0]).toMatchObject({ id: payment.id, refundedMinor: 20_00 });
    const csv = await fetch(`${stack.api.url}/v1/sellers/${seller.id}/payments.csv`, {
      headers: { authorization: await sellerAuth(world) },
    });
    const [header, line] = (await csv.text()).split('\r\n');
    expect(header!.split(',').at(-1)).toBe('refunded_amount');
    expect(line!.split(',').at(-1)).toBe('20.00');

    const note = await fetch(`${stack.api.url}/v1/refunds/${refundId}/credit-note.pdf`, {
      headers: { authorization: await sellerAuth(world) },
    });
    expect(note.headers.get('content-disposition')).toBe(
      'inline; filename="credit-note-000002.pdf"',
    );
    const text = await pdfText(Buffer.from(await note.arrayBuffer()));
    expect(text).toContain('Amount refunded 20.00 USD');
    expect(text).toContain('receipt no. 7');

    await waitFor(async () =>
      (await stack.mailbox!.messages()).some(
        (m) => m.to.includes(seller.email) && m.subject === 'Refund of 20.00 USD',
      ),
    );
    const events = await webhookEvents(marketplace.id, 'payment.refunded');
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ refundId, paymentId: payment.id, amountMinor: 20_00 }),
      }),
    ]);
  });

  test('refunds never add up to more than the payment, however many arrive at once (row lock)', async () => {
    const world = await marketplaceWithSeller();
    const payment = await paymentOf(world.marketplace.id, world.seller.id, 100_00);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        world.admin('POST', `/v1/payments/${payment.id}/refunds`, {
          amountMinor: 30_00,
          reason: `race ${i}`,
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    for (const refused of answers.filter((a) => a.status !== 201)) {
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({
        code: 'refund_exceeds_payment',
        field: 'amountMinor',
      });
    }
    const last = await world.admin('POST', `/v1/payments/${payment.id}/refunds`, {
      amountMinor: 10_01,
      reason: 'one cent too many',
    });
    expect(last.status).toBe(409);
    expect(
      (
        await world.admin('POST', `/v1/payments/${payment.id}/refunds`, {
          amountMinor: 10_00,
          reason: 'the rest',
        })
      ).status,
    ).toBe(201);
    const numbers = (await stack.database.db.refund.findMany({ where: { paymentId: payment.id } }))
      .map((r) => r.creditNoteNumber)
      .sort((a, b) => a! - b!);
    expect(numbers).toEqual([1, 2, 3, 4]);
  });

  test('a payment that did not succeed cannot be refunded; another marketplace’s payment is not found', async () => {
    const world = await marketplaceWithSeller();
    const other = await marketplaceWithSeller();
    const failed = await paymentOf(world.marketplace.id, world.seller.id, 50_00, 'failed');
    const refused = await world.admin('POST', `/v1/payments/${failed.id}/refunds`, {
      amountMinor: 1,
      reason: 'x',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('payment_not_refundable');

    const theirs = await paymentOf(other.marketplace.id, other.seller.id, 50_00);
    for (const id of [theirs.id, randomUUID(), 'not-a-uuid']) {
      const answer = await world.admin('POST', `/v1/payments/${id}/refunds`, {
        amountMinor: 1,
        reason: 'x',
      });
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
    expect(await stack.database.db.refund.count({ where: { paymentId: theirs.id } })).toBe(0);
  });
});

test('hostile amounts and reasons are refused with 400 naming the field, for credits and refunds alike', async () => {
  const world = await marketplaceWithSeller();
  await spend(world, 10 * DOLLARS);
  const payment = await paymentOf(world.marketplace.id, world.seller.id, 50_00);
  const badBodies: Array<[unknown, string]> = [
    [{ amountMinor: 2 ** 53, reason: 'x' }, 'amountMinor'],
    [{ amountMinor: 2 ** 53 + 1, reason: 'x' }, 'amountMinor'],
    [{ amountMinor: 100_000_000, reason: 'x' }, 'amountMinor'],
    [{ amountMinor: -1, reason: 'x' }, 'amountMinor'],
    [{ amountMinor: 0, reason: 'x' }, 'amountMinor'],
    [{ amountMinor: 1.5, reason: 'x' }, 'amountMinor'],
    [{ amountMinor: '100', reason: 'x' }, 'amountMinor'],
    [{ amountMinor: null, reason: 'x' }, 'amountMinor'],
    [{ reason: 'x' }, 'amountMinor'],
    [{ amountMinor: 1 }, 'reason'],
    [{ amountMinor: 1, reason: '   ' }, 'reason'],
    [{ amountMinor: 1, reason: 'x'.repeat(501) }, 'reason'],
    [{ amountMinor: 1, reason: 'nul\u0000' }, 'reason'],
    [{ amountMinor: 1, reason: 'x', extra: true }, 'extra'],
  ];
  for (const path of [
    `/v1/sellers/${world.seller.id}/credits`,
    `/v1/payments/${payment.id}/refunds`,
  ]) {
    for (const [body, field] of badBodies) {
      const answer = await world.admin('POST', path, body);
      expect({ path, body, status: answer.status, field: answer.body.error?.field }).toEqual({
        path,
        body,
        status: 400,
        field,
      });
    }
  }
  expect(await stack.database.db.credit.count({ where: { sellerId: world.seller.id } })).toBe(0);
  expect(await stack.database.db.refund.count({ where: { paymentId: payment.id } })).toBe(0);
});

async function sellerAuth(world: { marketplace: { id: string }; seller: { id: string } }) {
  const key = await keyFor(stack.database.db, 'seller', {
    marketplaceId: world.marketplace.id,
    sellerId: world.seller.id,
  });
  return `Bearer ${key}`;
}
