// The source document, walked through the API only (apart from moving the test server's clock):
// the platform enables Payments; the admin connects Stripe (simulated), switches self-service on
// with a limit, sets the invitation mode and invites two sellers; a new seller accepts and
// becomes self-service with the token its e-mail carries, one with an active campaign stays managed
// (an existing seller: no key is issued); the self-service seller adds a
// card and creates a campaign; spend over the limit is charged and the admin downloads the
// receipt; a decline pauses the campaigns and notifies; a card update resumes them; a limit
// change waits for the next cycle. Real worker, real spend relay, time-skipping Temporal server.
import { clientFor, createSourceDocumentMarketplace, keyFor } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import type { Mailbox, MailboxMessage } from '../support/mailbox';
import { spendEvent } from '../support/fixtures';
import { waitFor } from '../support/wait-for';

type Call = ReturnType<typeof clientFor>;

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack({ relay: true, mail: true });
});
afterAll(() => stack?.stop());

/** Polls a GET until its answer satisfies `check`; returns that answer's body. */
async function when(call: Call, path: string, check: (body: Record<string, any>) => boolean) {
  let body: Record<string, any> = {};
  await waitFor(async () => {
    const answer = await call('GET', path);
    body = answer.body;
    return answer.status === 200 && check(body);
  });
  return body;
}

/** Whether a list from a JSON answer holds an item whose `key` is `value`. */
function has(items: unknown, key: string, value: unknown): boolean {
  return (items as Array<Record<string, unknown>>).some((item) => item[key] === value);
}

async function saveCard(seller: Call, sellerId: string, card: string) {
  const setup = await seller('POST', `/v1/sellers/${sellerId}/payment-methods/setup-intent`);
  expect(setup.status).toBe(201);
  const confirm = await seller('POST', `/v1/sellers/${sellerId}/payment-methods/confirm`, {
    setupIntentId: setup.body.setupIntentId,
    card,
  });
  expect(confirm.status).toBe(201);
}

/** The e-mail to `address` whose subject contains `subject`, once it has arrived. */
async function mailTo(address: string, subject: string) {
  const mailbox = stack.mailbox as Mailbox;
  const match = async () =>
    (await mailbox.messages()).find((m) => m.to.includes(address) && m.subject.includes(subject));
  await waitFor(async () => (await match()) !== undefined);
  return (await match()) as MailboxMessage;
}

test('the source document, end to end through the API', async () => {
  const { db } = stack.database;
  const { api, env } = stack;
  const platform = clientFor(api, await keyFor(db, 'platform'));

  // The platform creates the marketplace and enables Payments (R1).
  const { marketplaceId, adminKey, admin, ingest } = await createSourceDocumentMarketplace(
    api,
    platform,
  );
  const settingsPath = `/v1/marketplaces/${marketplaceId}/payment-settings`;
  expect((await admin('PATCH', settingsPath, { selfServiceEnabled: true })).body).toMatchObject({
    error: { code: 'payments_not_enabled' },
  });
  expect((await platform('POST', `/v1/marketplaces/${marketplaceId}/payments/enable`)).status).toBe(
    200,
  );

  // The admin connects Stripe, then switches self-service on with a €100 limit (R1, R2).
  expect((await admin('PATCH', settingsPath, { selfServiceEnabled: true })).body).toMatchObject({
    error: { code: 'stripe_not_connected' },
  });
  expect((await admin('POST', `/v1/marketplaces/${marketplaceId}/stripe/connect`)).status).toBe(
    201,
  );
  const switchedOn = await admin('PATCH', settingsPath, {
    selfServiceEnabled: true,
    defaultCreditLimitMinor: 10_000,
  });
  expect(switchedOn.body.settings).toMatchObject({
    selfServiceEnabled: true,
    defaultCreditLimitMinor: 10_000,
    currency: 'EUR',
  });

  // An existing seller of the marketplace, billed by it, with an active campaign.
  const existing = await db.seller.create({
    data: { marketplaceId, name: 'Old Shop', email: 'old@shop.example' },
  });
  await db.campaign.create({
    data: { marketplaceId, sellerId: existing.id, name: 'Running for years' },
  });

  // Invitations need the invitation mode set to self-service (R3).
  const invitationsPath = `/v1/marketplaces/${marketplaceId}/invitations`;
  expect((await admin('POST', invitationsPath, { email: 'new@shop.example' })).body).toMatchObject({
    error: { code: 'invitations_not_self_service' },
  });
  await admin('PATCH', settingsPath, { invitationMode: 'self_service' });
  const inviteNew = await admin('POST', invitationsPath, { email: 'new@shop.example' });
  const inviteOld = await admin('POST', invitationsPath, { email: 'old@shop.example' });
  expect(inviteNew.status).toBe(201);
  expect(inviteNew.body.invitation).toMatchObject({ email: 'new@shop.example', acceptedAt: null });
  // The e-mail carries a token of its own, minted when it was sent.
  const invitationMail = await mailTo('new@shop.example', 'Marché Central invites you');
  const mailedToken = /inv_[\w-]+/.exec(invitationMail.text)?.[0];
  expect(mailedToken).toBeDefined();
  expect(mailedToken).not.toBe(inviteNew.body.token);

  // The new seller accepts and becomes self-service; the existing one stays managed, and as it
  // already exists, accepting gives no key.
  const acceptNew = await fetch(`${api.url}/v1/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: mailedToken, sellerName: 'New Shop' }),
  });
  const newShop = (await acceptNew.json()) as Record<string, string>;
  expect(acceptNew.status).toBe(201);
  expect(newShop).toMatchObject({
    billingMode: 'self_service',
    billingModeReason: 'new seller: no active campaigns and zero balance',
  });
  const acceptOld = await fetch(`${api.url}/v1/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: inviteOld.body.token }),
  });
  expect(acceptOld.status).toBe(200);
  expect(await acceptOld.json()).toMatchObject({
    sellerId: existing.id,
    billingMode: 'managed',
    billingModeReason: 'existing seller with 1 active campaign',
    sellerKey: null,
  });
  const sellerId = newShop.sellerId as string;
  const seller = clientFor(api, newShop.sellerKey as string);
  const sellers = await when(admin, `/v1/marketplaces/${marketplaceId}/sellers`, (body) =>
    has(body.sellers, 'billingStatus', 'active'),
  );
  expect(sellers.sellers).toHaveLength(2);
  expect(sellers.sellers).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ id: existing.id, billingMode: 'managed', billingStatus: null }),
      expect.objectContaining({
        id: sellerId,
        billingMode: 'self_service',
        billingStatus: 'active',
      }),
    ]),
  );

  // Manage payments: no campaign before a card (R4), then a card and a campaign.
  const campaignsPath = `/v1/sellers/${sellerId}/campaigns`;
  expect((await seller('POST', campaignsPath, { name: 'Summer' })).body).toMatchObject({
    error: { code: 'payment_method_required' },
  });
  await saveCard(seller, sellerId, '4242424242424242');
  const campaign = await seller('POST', campaignsPath, { name: 'Summer' });
  expect(campaign.status).toBe(201);
  const campaignId = campaign.body.campaign.id as string;

  // Spend crosses the limit: the whole unbilled amount is charged (R5a).
  const at = new Date(await env.currentTimeMs()).toISOString();
  const spent = await ingest('POST', '/v1/spend-events', {
    events: [spendEvent('imp-1', sellerId, campaignId, 120_000_000, at)],
  });
  expect(spent.body).toMatchObject({ accepted: 1 });
  const charged = await when(admin, `/v1/marketplaces/${marketplaceId}/payments`, (body) =>
    has(body.payments, 'status', 'succeeded'),
  );
  const payment = charged.payments[0];
  expect(payment).toMatchObject({
    sellerId,
    amountMinor: 12_000,
    currency: 'EUR',
    receiptNumber: 1,
  });

  // The admin views and downloads the receipt; both sides were notified (R9, R10).
  const receipt = await fetch(`${api.url}${payment.receiptUrl}`, {
    headers: { authorization: `Bearer ${adminKey}` },
  });
  expect(receipt.status).toBe(200);
  expect(receipt.headers.get('content-type')).toBe('application/pdf');
  const download = await fetch(`${api.url}${payment.receiptUrl}?download=true`, {
    headers: { authorization: `Bearer ${adminKey}` },
  });
  expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
  const adminFeed = await when(admin, `/v1/marketplaces/${marketplaceId}/notifications`, (b) =>
    has(b.notifications, 'kind', 'payment_succeeded'),
  );
  expect(adminFeed.notifications[0]).toMatchObject({ sellerId, kind: 'payment_succeeded' });
  await when(seller, `/v1/sellers/${sellerId}/notifications`, (b) =>
    has(b.notifications, 'kind', 'payment_succeeded'),
  );
  // …and by e-mail, read back from the SMTP server (R9, R10).
  const sellerReceipt = await mailTo('new@shop.example', 'Payment of 120.00 EUR received');
  expect(sellerReceipt.text).toContain('visa ending 4242');
  expect(sellerReceipt.text).toContain(`Receipt no. 1: `);
  expect(sellerReceipt.text).toContain(payment.receiptUrl as string);
  const adminReceipt = await mailTo('billing@marche.example', 'paid 120.00 EUR');
  expect(adminReceipt.text).toContain(payment.receiptUrl as string);

  // A card that declines: the next charge fails, billing pauses the campaigns and notifies (R7).
  // Backup charging off (R13), or the saved 4242 card would pay instead.
  expect(
    (
      await seller('PUT', `/v1/sellers/${sellerId}/payment-methods/backup-charging`, {
        enabled: false,
      })
    ).status,
  ).toBe(200);
  await saveCard(seller, sellerId, '4000000000000002');
  await ingest('POST', '/v1/spend-events', {
    events: [spendEvent('imp-2', sellerId, campaignId, 150_000_000, at)],
  });
  const failing = await when(
    seller,
    `/v1/sellers/${sellerId}/billing`,
    (b) => b.billing.status === 'past_due',
  );
  expect(failing.billing.dunning).toMatchObject({ failedAttempts: 1 });
  await when(seller, campaignsPath, (b) => b.campaigns[0].pausedByBilling === true);
  await when(seller, `/v1/sellers/${sellerId}/notifications`, (b) =>
    has(b.notifications, 'kind', 'payment_failed'),
  );
  const failureMail = await mailTo('new@shop.example', 'Payment of 150.00 EUR failed');
  expect(failureMail.text).toContain('Your card was declined.');
  expect(failureMail.text).toContain('Update your card under Manage payments');
  await mailTo('billing@marche.example', 'by New Shop failed');
  expect((await seller('POST', `/v1/campaigns/${campaignId}/resume`)).body).toMatchObject({
    error: { code: 'payment_failing' },
  });
  expect((await seller('POST', campaignsPath, { name: 'Autumn' })).body).toMatchObject({
    error: { code: 'payment_failing' },
  });

  // The seller updates its card: billing retries at once, and resumes what it paused.
  await saveCard(seller, sellerId, '4242424242424242');
  const resumed = await when(seller, campaignsPath, (b) => b.campaigns[0].status === 'active');
  expect(resumed.campaigns[0]).toMatchObject({ id: campaignId, pausedByBilling: false });
  const recovered = await when(
    seller,
    `/v1/sellers/${sellerId}/billing`,
    (b) => b.billing.status === 'active',
  );
  expect(recovered.billing.lastPayment).toMatchObject({ status: 'succeeded', amountMinor: 15_000 });

  // A limit change waits for the next cycle (R8).
  const override = await admin(
    'PUT',
    `/v1/marketplaces/${marketplaceId}/sellers/${sellerId}/credit-limit`,
    { creditLimitMinor: 25_000 },
  );
  expect(override.body).toMatchObject({ creditLimitMinor: 25_000, appliesFrom: 'next_cycle' });
  const pending = await when(
    seller,
    `/v1/sellers/${sellerId}/billing`,
    (b) => b.billing.pendingCreditLimitMinor === 25_000,
  );
  expect(pending.billing.creditLimitMinor).toBe(10_000);
  const cycleEndsAt = Date.parse(pending.billing.cycle.endsAt as string);
  await env.sleep(cycleEndsAt - (await env.currentTimeMs()) + 60_000);
  const nextCycle = await when(
    seller,
    `/v1/sellers/${sellerId}/billing`,
    (b) => b.billing.creditLimitMinor === 25_000,
  );
  expect(nextCycle.billing.pendingCreditLimitMinor).toBeNull();
  expect(Date.parse(nextCycle.billing.cycle.startsAt as string)).toBe(cycleEndsAt);
});
