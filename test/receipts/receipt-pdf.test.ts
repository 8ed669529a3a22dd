// R9: every successful payment has a PDF receipt with its marketplace-sequential number, read
// back here as text the way a person reads it; the seller of the payment and its marketplace's
// admins may download it, nobody else.
import { Client } from '@temporalio/client';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import { keyFor, startApi, type RunningApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { pdfText } from '../support/pdf-text';

let database: TestDatabase;
let api: RunningApi;

beforeAll(async () => {
  database = await createTestDatabase();
  // Receipts never reach Temporal; the client connects lazily, so none is started.
  const billing = new SellerBillingClient(new Client(), database.db);
  api = await startApi({ db: database.db, billing, gateway: new SimulatedGateway() });
});
afterAll(async () => {
  await api?.close();
  await database?.close();
});

async function download(path: string, key: string) {
  const response = await fetch(`${api.url}${path}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return { response, body: Buffer.from(await response.arrayBuffer()) };
}

async function paidPayment(options: { receiptNumber: number; status?: string }) {
  const { db } = database;
  const marketplace = await createMarketplace(db, { timeZone: 'Europe/Paris' });
  const { seller } = await createSelfServiceSeller(db, marketplace.id, { name: 'Acme Outdoor' });
  const payment = await db.payment.create({
    data: {
      marketplaceId: marketplace.id,
      sellerId: seller.id,
      idempotencyKey: `charge:${marketplace.id}:${seller.id}:4:1`,
      chargeSequence: 4,
      attempt: 1,
      reason: 'cycle_end',
      amountMinor: 10_512n,
      currency: 'USD',
      status: options.status ?? 'succeeded',
      gateway: 'stripe',
      gatewayPaymentId: 'pi_3QaBcD',
      cardBrand: 'visa',
      cardLast4: '4242',
      cycleStartsAt: new Date('2026-09-30T22:00:00Z'),
      cycleEndsAt: new Date('2026-10-31T23:00:00Z'),
      receiptNumber: options.status ? null : options.receiptNumber,
      receiptUrl: 'https://pay.stripe.com/receipts/acct_1/ch_1/rcpt_1',
    },
  });
  return { marketplace, seller, payment };
}

test('the seller downloads a receipt that states number, amount, card, period and payment', async () => {
  const { db } = database;
  const { marketplace, seller, payment } = await paidPayment({ receiptNumber: 17 });
  const key = await keyFor(db, 'seller', { marketplaceId: marketplace.id, sellerId: seller.id });
  const { response, body } = await download(`/v1/payments/${payment.id}/receipt.pdf`, key);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  expect(response.headers.get('content-disposition')).toBe('inline; filename="receipt-000017.pdf"');
  expect(response.headers.get('payment-gateway')).toBe('stripe');
  expect(body.subarray(0, 5).toString()).toBe('%PDF-');

  const text = await pdfText(body);
  expect(text).toContain('Receipt number 17');
  expect(text).toContain('Amount paid 105.12 USD');
  expect(text).toContain('Visa ending in 4242');
  expect(text).toContain('Test Marketplace');
  expect(text).toContain('Acme Outdoor');
  // October in the marketplace's time zone, not the UTC instants it is stored as.
  expect(text).toContain('1 October 2026 – 31 October 2026');
  expect(text).toContain(payment.id);
  expect(text).toContain('pi_3QaBcD');
  expect(text).toContain('https://pay.stripe.com/receipts/acct_1/ch_1/rcpt_1');
});

test("the marketplace's admin may download it; other sellers and admins get 404", async () => {
  const { db } = database;
  const { marketplace, payment } = await paidPayment({ receiptNumber: 3 });
  const path = `/v1/payments/${payment.id}/receipt.pdf`;
  const admin = await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id });
  const adminDownload = await download(path, admin);
  expect(adminDownload.response.status).toBe(200);
  expect(await pdfText(adminDownload.body)).toContain('Receipt number 3');

  const other = await paidPayment({ receiptNumber: 1 });
  const otherSeller = await keyFor(db, 'seller', {
    marketplaceId: other.marketplace.id,
    sellerId: other.seller.id,
  });
  const otherAdmin = await keyFor(db, 'marketplace_admin', { marketplaceId: other.marketplace.id });
  expect((await download(path, otherSeller)).response.status).toBe(404);
  expect((await download(path, otherAdmin)).response.status).toBe(404);
  expect((await download(`/v1/payments/not-a-payment/receipt.pdf`, admin)).response.status).toBe(
    404,
  );
});

test('a payment that did not succeed has no receipt', async () => {
  const { db } = database;
  const { marketplace, payment } = await paidPayment({ receiptNumber: 0, status: 'failed' });
  const admin = await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id });
  const { response, body } = await download(`/v1/payments/${payment.id}/receipt.pdf`, admin);
  expect(response.status).toBe(404);
  expect(JSON.parse(body.toString())).toMatchObject({ error: { code: 'no_receipt' } });
});
