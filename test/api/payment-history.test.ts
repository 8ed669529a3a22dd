// R9: the admin's payment history, filtered by seller, status and dates, in pages that neither
// repeat nor skip a payment; each succeeded payment links its receipt; bad queries answer 400.
import { clientFor, keyFor, useDatabaseAndApi } from '../support/api';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';

const context = useDatabaseAndApi();

test('filters, stable cursor pages and receipt links', async () => {
  const { db } = context.database;
  const marketplace = await createMarketplace(db);
  const one = (await createSelfServiceSeller(db, marketplace.id, { name: 'One' })).seller;
  const two = (await createSelfServiceSeller(db, marketplace.id, { name: 'Two' })).seller;
  const sameInstant = new Date('2026-11-10T12:00:00Z');
  for (let i = 0; i < 7; i += 1) {
    const failed = i === 3;
    await db.payment.create({
      data: {
        marketplaceId: marketplace.id,
        sellerId: i % 2 === 0 ? one.id : two.id,
        idempotencyKey: `history:${i}`,
        chargeSequence: i,
        attempt: 1,
        reason: 'credit_limit',
        amountMinor: BigInt(1_000 + i),
        currency: 'USD',
        status: failed ? 'failed' : 'succeeded',
        gateway: 'simulated',
        cycleStartsAt: new Date('2026-11-01T00:00:00Z'),
        cycleEndsAt: new Date('2026-12-01T00:00:00Z'),
        receiptNumber: failed ? null : i + 1,
        // Three share one instant: the id orders them.
        createdAt: i < 3 ? sameInstant : new Date(Date.UTC(2026, 10, 11 + i)),
      },
    });
  }
  const admin = clientFor(
    context.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  const base = `/v1/marketplaces/${marketplace.id}/payments`;

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: Record<string, any> } = await admin(
      'GET',
      `${base}?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    seen.push(...(page.body.payments as Array<{ id: string }>).map((p) => p.id));
    cursor = page.body.nextCursor as string | null;
  } while (cursor);
  const all = await db.payment.findMany({
    where: { marketplaceId: marketplace.id },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  expect(seen).toEqual(all.map((p) => p.id));

  const failed = await admin('GET', `${base}?status=failed`);
  expect(failed.body.payments).toEqual([
    expect.objectContaining({ amountMinor: 1_003, receiptNumber: null, receiptUrl: null }),
  ]);
  const ofTwo = await admin('GET', `${base}?sellerId=${two.id}&status=succeeded`);
  expect((ofTwo.body.payments as Array<{ amountMinor: number }>).map((p) => p.amountMinor)).toEqual(
    [1_005, 1_001],
  );
  const dated = await admin('GET', `${base}?from=2026-11-14T00:00:00Z&to=2026-11-16T00:00:00Z`);
  expect(dated.body.payments).toHaveLength(2);
  expect(dated.body.payments[0].receiptUrl).toBe(
    `/v1/payments/${dated.body.payments[0].id}/receipt.pdf`,
  );

  expect((await admin('GET', `${base}?status=lost`)).body.error).toMatchObject({ field: 'status' });
  expect((await admin('GET', `${base}?cursor=garbage`)).body.error).toMatchObject({
    field: 'cursor',
  });
  expect((await admin('GET', `${base}?page=2`)).status).toBe(400);
});
