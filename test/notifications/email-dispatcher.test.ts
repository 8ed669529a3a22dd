// Notifications by e-mail: the billing workflow's notifications reach the seller and the
// marketplace admin through a real SMTP server (Mailpit), survive an SMTP outage by retrying, and
// are never sent twice, even by two dispatchers side by side.
import nodemailer from 'nodemailer';
import { createDatabaseClient, type Database } from '../../db/client';
import { EmailDispatcher } from '../../notifications/email-dispatcher';
import { createLogger } from '../../observability/logger';
import { BillingHarness, DOLLARS, type SellerUnderTest } from '../support/billing-harness';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { startMailbox, type Mailbox, type MailboxMessage } from '../support/mailbox';
import { waitFor } from '../support/wait-for';

let harness: BillingHarness;
let mailbox: Mailbox;
beforeAll(async () => {
  [harness, mailbox] = await Promise.all([BillingHarness.start(), startMailbox()]);
});
afterAll(async () => {
  await mailbox?.stop();
  await harness?.stop();
});

const ADMIN_EMAIL = 'billing-admin@market.example';

function dispatcher(
  db: Database = harness.db,
  policy: Partial<EmailDispatcher['policy']> = {},
  now?: () => number,
) {
  return new EmailDispatcher({
    db,
    transport: nodemailer.createTransport(mailbox.smtpUrl),
    from: 'Billing <billing@market.example>',
    logger: Object.assign(createLogger('test-email'), { level: 'error' }),
    policy: { baseDelayMs: 100, maxDelayMs: 400, leaseMs: 30_000, ...policy },
    now,
  });
}

/** The e-mail of the seller's notification of `kind` to `role`, found by its Message-ID. */
async function mailOf(seller: SellerUnderTest, kind: string, role: 'seller' | 'admin') {
  const notification = (await seller.notifications(kind)).find((n) => n.recipientRole === role)!;
  const messages = (await mailbox.messages()).filter((m) => m.messageId.includes(notification.id));
  expect(messages).toHaveLength(1);
  return { notification, message: messages[0]! };
}

async function sellerWithAdminEmail(paymentMethodId: string): Promise<SellerUnderTest> {
  const seller = await harness.seller({ defaultCreditLimitMinor: 100_00, paymentMethodId });
  await harness.db.marketplace.update({
    where: { id: seller.marketplaceId },
    data: { adminEmail: ADMIN_EMAIL },
  });
  return seller;
}

async function sellerEmail(seller: SellerUnderTest): Promise<string> {
  const row = await harness.db.seller.findUniqueOrThrow({ where: { id: seller.sellerId } });
  return row.email;
}

test('a payment success e-mails the seller and the admin: amount, currency, card, receipt link, what to do', async () => {
  const seller = await sellerWithAdminEmail('pm_card_visa');
  await seller.spend(100 * DOLLARS);
  await seller.stateWhen((s) => s.lastPayment?.status === 'succeeded');
  const [payment] = await seller.payments();
  await waitFor(async () => (await seller.notifications('payment_succeeded')).length === 2);

  expect(await dispatcher().pass()).toBeGreaterThanOrEqual(2);

  const receiptLink = `http://localhost:3000/v1/payments/${payment!.id}/receipt.pdf`;
  const toSeller = await mailOf(seller, 'payment_succeeded', 'seller');
  expect(toSeller.message.to).toEqual([await sellerEmail(seller)]);
  expect(toSeller.message.subject).toBe('Payment of 100.00 USD received');
  expect(toSeller.message.text).toContain('We charged 100.00 USD to your visa ending 4242.');
  expect(toSeller.message.text).toContain(`Receipt no. 1: ${receiptLink}`);
  expect(toSeller.message.text).toContain('Nothing else to do');
  const toAdmin = await mailOf(seller, 'payment_succeeded', 'admin');
  expect(toAdmin.message.to).toEqual([ADMIN_EMAIL]);
  expect(toAdmin.message.subject).toBe('Acme Seller paid 100.00 USD');
  expect(toAdmin.message.text).toContain('Acme Seller paid 100.00 USD with a visa ending 4242.');
  expect(toAdmin.message.text).toContain(receiptLink);
  // The feed keeps both, marked sent, with where each went.
  expect(toSeller.notification.emailSentAt).not.toBeNull();
  expect(toAdmin.notification).toMatchObject({ emailTo: ADMIN_EMAIL, emailAttempts: 1 });
  expect(toAdmin.notification.emailSentAt).not.toBeNull();
});

test('a payment failure e-mails the seller and the admin: amount, currency, card, reason, what to do', async () => {
  const seller = await sellerWithAdminEmail('pm_card_chargeDeclined');
  await seller.spend(100 * DOLLARS);
  await seller.stateWhen((s) => s.status === 'past_due');
  await waitFor(async () => (await seller.notifications('payment_failed')).length === 2);

  await dispatcher().pass();

  const toSeller = await mailOf(seller, 'payment_failed', 'seller');
  expect(toSeller.message.to).toEqual([await sellerEmail(seller)]);
  expect(toSeller.message.subject).toBe('Payment of 100.00 USD failed');
  expect(toSeller.message.text).toContain(
    'We could not charge 100.00 USD to visa ending 4242: Your card was declined.',
  );
  expect(toSeller.message.text).toContain('Update your card under Manage payments');
  const toAdmin = await mailOf(seller, 'payment_failed', 'admin');
  expect(toAdmin.message.to).toEqual([ADMIN_EMAIL]);
  expect(toAdmin.message.subject).toBe('Payment of 100.00 USD by Acme Seller failed');
  expect(toAdmin.message.text).toContain('visa ending 4242 failed (');
  expect(toAdmin.message.text).toContain('Your card was declined.');
});

/** Stored notifications of any kind with an address, as the notify activity (or invitations) write them. */
async function storedNotifications(count: number, kind: string) {
  const marketplace = await createMarketplace(harness.db);
  const { seller } = await createSelfServiceSeller(harness.db, marketplace.id);
  await harness.db.notification.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      marketplaceId: marketplace.id,
      sellerId: seller.id,
      recipientRole: 'seller',
      kind,
      subject: `${kind} ${i}`,
      body: `Body ${i}`,
      dedupeKey: `${kind}:${marketplace.id}:${i}`,
      emailTo: `${kind}.${i}@example.com`,
    })),
  });
  return harness.db.notification.findMany({ where: { marketplaceId: marketplace.id } });
}

function countByMessageId(messages: MailboxMessage[], ids: string[]): number[] {
  return ids.map((id) => messages.filter((m) => m.messageId.includes(id)).length);
}

test('an SMTP outage is retried with backoff and each e-mail arrives exactly once', async () => {
  const stored = await storedNotifications(3, 'invitation');
  const ids = stored.map((n) => n.id);
  // The dispatcher's clock moves only when the test moves it: how busy the machine is never
  // decides whether a backoff has passed.
  let nowMs = Date.now();
  const mailer = dispatcher(harness.db, { baseDelayMs: 60_000, maxDelayMs: 60_000 }, () => nowMs);
  await mailbox.interrupt();
  try {
    expect(await mailer.pass()).toBe(0);
    const failed = await harness.db.notification.findMany({ where: { id: { in: ids } } });
    for (const notification of failed) {
      expect(notification).toMatchObject({ emailSentAt: null, emailAttempts: 1 });
      expect(notification.emailLastError).toMatch(/ECONNREFUSED|connect/i);
      expect(notification.emailNextAttemptAt!.getTime()).toBe(nowMs + 60_000);
    }
    nowMs += 59_000;
    expect(await mailer.pass()).toBe(0); // not due yet: backoff, not a busy loop
    expect(
      await harness.db.notification.count({ where: { id: { in: ids }, emailAttempts: 1 } }),
    ).toBe(3);
  } finally {
    await mailbox.resume();
  }
  nowMs += 1_000;
  await waitFor(async () => {
    await mailer.pass();
    return (
      (await harness.db.notification.count({ where: { id: { in: ids }, emailSentAt: null } })) === 0
    );
  });
  for (let i = 0; i < 3; i += 1) await mailer.pass(); // nothing is sent again
  expect(countByMessageId(await mailbox.messages(), ids)).toEqual([1, 1, 1]);
  const sent = await harness.db.notification.findMany({ where: { id: { in: ids } } });
  expect(sent.every((n) => n.emailAttempts === 2 && n.emailLastError === null)).toBe(true);
});

test('two dispatchers side by side never send the same notification twice', async () => {
  const stored = await storedNotifications(40, 'race');
  const ids = stored.map((n) => n.id);
  const second = createDatabaseClient(harness.database.url);
  try {
    // Small batches, so both keep claiming while the other sends.
    const side = async (mailer: EmailDispatcher) => {
      let sent = 0;
      for (let pass = 0; pass < 25; pass += 1) sent += await mailer.pass();
      return sent;
    };
    const sent = await Promise.all([
      side(dispatcher(harness.db, { batchSize: 4 })),
      side(dispatcher(second, { batchSize: 4 })),
    ]);
    expect(sent[0]).toBeGreaterThan(0);
    expect(sent[1]).toBeGreaterThan(0);
    // Counted by this test's own notifications: e-mails other tests left may be sent too.
    expect(
      await harness.db.notification.count({ where: { id: { in: ids }, emailSentAt: null } }),
    ).toBe(0);
  } finally {
    await second.$disconnect();
  }
  expect(countByMessageId(await mailbox.messages(), ids)).toEqual(ids.map(() => 1));
});

test('admin notifications of a marketplace without an adminEmail stay in the feed, unsent', async () => {
  const marketplace = await createMarketplace(harness.db);
  const { seller } = await createSelfServiceSeller(harness.db, marketplace.id);
  const admin = await harness.db.notification.create({
    data: {
      marketplaceId: marketplace.id,
      sellerId: seller.id,
      recipientRole: 'admin',
      kind: 'payment_succeeded',
      subject: 'Acme Seller paid 1.00 USD',
      body: 'Receipt no. 1',
      dedupeKey: `no-admin-email:${marketplace.id}`,
    },
  });
  await dispatcher().pass();
  expect(
    await harness.db.notification.findUniqueOrThrow({ where: { id: admin.id } }),
  ).toMatchObject({ emailSentAt: null, emailAttempts: 0, emailTo: null });
  expect(countByMessageId(await mailbox.messages(), [admin.id])).toEqual([0]);
});

test('an e-mail that failed the maximum number of attempts is given up, its error kept', async () => {
  const [stored] = await storedNotifications(1, 'give-up');
  let nowMs = Date.now();
  const mailer = dispatcher(
    harness.db,
    { baseDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 2 },
    () => nowMs,
  );
  await mailbox.interrupt();
  try {
    await mailer.pass();
    nowMs += 60_000;
    await mailer.pass();
  } finally {
    await mailbox.resume();
  }
  nowMs += 24 * 60 * 60_000; // a day later, with the SMTP server back: still given up
  expect(await mailer.pass()).toBe(0);
  const row = await harness.db.notification.findUniqueOrThrow({ where: { id: stored!.id } });
  expect(row).toMatchObject({ emailSentAt: null, emailAttempts: 2 });
  expect(row.emailLastError).toMatch(/ECONNREFUSED|connect/i);
  expect(countByMessageId(await mailbox.messages(), [stored!.id])).toEqual([0]);
});

test("a flood and a broken address in one marketplace never delay another marketplace's e-mail", async () => {
  const db = harness.db;
  const flooded = await createMarketplace(db);
  const other = await createMarketplace(db);
  const notification = (marketplaceId: string, key: string, emailTo: string) => ({
    marketplaceId,
    recipientRole: 'seller',
    kind: 'payment_succeeded',
    subject: `Flood test ${key}`,
    body: 'Hello',
    dedupeKey: `fairness-${key}`,
    emailTo,
  });
  await db.notification.createMany({
    data: [
      { ...notification(flooded.id, 'broken', 'not an address'), createdAt: new Date(0) },
      ...Array.from({ length: 40 }, (_, i) =>
        notification(flooded.id, `flood-${i}`, `flood-${i}@seller.example`),
      ),
    ],
  });
  await db.notification.create({ data: notification(other.id, 'other', 'other@seller.example') });

  await dispatcher(db, { batchSize: 8, perMarketplace: 4 }).pass();

  const otherRow = await db.notification.findUniqueOrThrow({
    where: { dedupeKey: 'fairness-other' },
  });
  expect(otherRow.emailSentAt).not.toBeNull();
  const messages = await mailbox.messages();
  expect(messages.filter((m) => m.subject === 'Flood test other')).toHaveLength(1);
  const broken = await db.notification.findUniqueOrThrow({
    where: { dedupeKey: 'fairness-broken' },
  });
  expect(broken).toMatchObject({
    emailSentAt: null,
    emailAttempts: 1,
    emailLastError: expect.any(String),
  });
  expect(
    await db.notification.count({
      where: { marketplaceId: flooded.id, emailSentAt: { not: null } },
    }),
  ).toBeLessThanOrEqual(4);
});

test("revoked invitations' unsent e-mails never take a marketplace's turn from its other e-mails", async () => {
  const db = harness.db;
  const marketplace = await createMarketplace(db);
  for (let i = 0; i < 6; i += 1) {
    const invitation = await db.invitation.create({
      data: {
        marketplaceId: marketplace.id,
        email: `revoked-${i}@seller.example`,
        mode: 'self_service',
        expiresAt: new Date(Date.now() + 86_400_000),
        revokedAt: new Date(),
      },
    });
    await db.notification.create({
      data: {
        marketplaceId: marketplace.id,
        recipientRole: 'seller',
        kind: 'invitation',
        subject: 'You are invited',
        body: 'Hello',
        dedupeKey: `revoked-turn-${i}`,
        emailTo: invitation.email,
        invitationId: invitation.id,
        createdAt: new Date(1_000 + i),
      },
    });
  }
  await db.notification.create({
    data: {
      marketplaceId: marketplace.id,
      recipientRole: 'seller',
      kind: 'payment_succeeded',
      subject: 'Behind revoked invitations',
      body: 'Hello',
      dedupeKey: 'revoked-turn-receipt',
      emailTo: 'payer@seller.example',
    },
  });

  await dispatcher(db, { perMarketplace: 4 }).pass();

  const receipt = await db.notification.findUniqueOrThrow({
    where: { dedupeKey: 'revoked-turn-receipt' },
  });
  expect(receipt.emailSentAt).not.toBeNull();
  expect(
    await db.notification.count({
      where: { dedupeKey: { startsWith: 'revoked-turn-' }, emailAttempts: { gt: 0 } },
    }),
  ).toBe(1);
});
