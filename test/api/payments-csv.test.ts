// R9: the payment history as CSV, the admin's and the seller's, with the JSON history's filters:
// every payment the filter selects (more than one page's worth), exact decimal amounts, a field
// a spreadsheet would run as a formula made inert, and the same scope as the JSON history.
import { clientFor, keyFor, useDatabaseAndApi } from '../support/api';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';

const context = useDatabaseAndApi();

test('the whole filtered history as CSV, for the admin and for the seller alone', async () => {
  const { db } = context.database;
  const marketplace = await createMarketplace(db, { currency: 'KWD' });
  const one = (await createSelfServiceSeller(db, marketplace.id, { name: 'One' })).seller;
  const two = (await createSelfServiceSeller(db, marketplace.id, { name: 'Two' })).seller;
  const count = 120;
  await db.payment.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      marketplaceId: marketplace.id,
      sellerId: i % 2 === 0 ? one.id : two.id,
      idempotencyKey: `csv:${i}`,
      chargeSequence: i,
      attempt: 1,
      reason: 'credit_limit',
      amountMinor: BigInt(1_000_000 + i),
      currency: 'KWD',
      status: i === 7 ? 'failed' : 'succeeded',
      // A gateway's code is not ours to trust: one that reads as a formula stays text.
      failureCode: i === 7 ? '=HYPERLINK("http://evil.invalid","x")' : null,
      gateway: 'simulated',
      cycleStartsAt: new Date('2026-11-01T00:00:00Z'),
      cycleEndsAt: new Date('2026-12-01T00:00:00Z'),
      receiptNumber: i === 7 ? null : i + 1,
      createdAt: new Date(Date.UTC(2026, 10, 1, 0, i)),
    })),
  });
  const admin = clientFor(
    context.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  const all = await fetch(`${context.api.url}/v1/marketplaces/${marketplace.id}/payments.csv`, {
    headers: {
      authorization: `Bearer ${await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id })}`,
    },
  });
  expect(all.status).toBe(200);
  expect(all.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
  expect(all.headers.get('content-disposition')).toBe('attachment; filename="payments.csv"');
  const lines = (await all.text()).split('\r\n');
  expect(lines).toHaveLength(count + 2);
  expect(lines[1]).toContain(`,credit_limit,1000.${count - 1},KWD,`);
  const failed = lines.find((line) => line.includes(',failed,'))!;
  expect(failed).toContain(',"\'=HYPERLINK(""http://evil.invalid"",""x"")",');

  const sellerKey = await keyFor(db, 'seller', { marketplaceId: marketplace.id, sellerId: two.id });
  const own = await fetch(
    `${context.api.url}/v1/sellers/${two.id}/payments.csv?status=succeeded&from=2026-11-01T00:10:00Z&to=2026-11-01T00:20:00Z`,
    { headers: { authorization: `Bearer ${sellerKey}` } },
  );
  const rows = (await own.text()).split('\r\n').slice(1, -1);
  expect(rows.map((row) => row.split(',')[5])).toEqual([
    '1000.019',
    '1000.017',
    '1000.015',
    '1000.013',
    '1000.011',
  ]);
  const foreign = await fetch(`${context.api.url}/v1/sellers/${one.id}/payments.csv`, {
    headers: { authorization: `Bearer ${sellerKey}` },
  });
  expect(foreign.status).toBe(404);
  expect(
    (await admin('GET', `/v1/marketplaces/${marketplace.id}/payments.csv?cursor=x`)).status,
  ).toBe(400);
  expect(
    (await admin('GET', `/v1/marketplaces/${marketplace.id}/payments.csv?status=lost`)).body,
  ).toMatchObject({ error: { field: 'status' } });
});
