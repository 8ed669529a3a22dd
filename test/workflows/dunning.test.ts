// R7: campaigns pause only after a payment fails; dunning retries on a schedule and at once on a
// card update; a success resumes exactly what billing paused; delinquency after the last retry.
import { billingStatusSearchAttribute } from '../../workflows/ids';
import { BillingHarness, DOLLARS, type SellerUnderTest } from '../support/billing-harness';

let harness: BillingHarness;
beforeAll(async () => {
  harness = await BillingHarness.start();
});
afterAll(() => harness?.stop());

const DAY_MS = 24 * 60 * 60 * 1000;

async function billingStatusAttribute(seller: SellerUnderTest) {
  const description = await seller.handle().describe();
  return description.typedSearchAttributes.get(billingStatusSearchAttribute);
}

test('R7: a decline pauses the active campaigns, notifies, retries 1, 3 and 7 days after, and a success resumes exactly those campaigns', async () => {
  const seller = await harness.seller({
    defaultCreditLimitMinor: 100_00,
    campaigns: 3,
    paymentMethodId: 'pm_card_chargeDeclined',
  });
  const [first, second, third] = seller.campaignIds as [string, string, string];
  await harness.db.campaign.update({ where: { id: third }, data: { status: 'paused' } }); // the seller's own pause

  await seller.spend(100 * DOLLARS);
  const failed = await seller.stateWhen((s) => s.status === 'past_due');
  expect(failed.pausedCampaignIds.sort()).toEqual([first, second].sort());
  expect(await seller.campaignStatuses()).toEqual(['paused', 'paused', 'paused']);
  expect(failed.dunning).toMatchObject({
    failedAttempts: 1,
    lastFailureCode: 'generic_decline',
    requiresAction: false,
  });
  const firstFailedAt = Date.parse(failed.dunning!.firstFailedAt);
  expect(Date.parse(failed.dunning!.nextRetryAt!)).toBe(firstFailedAt + 1 * DAY_MS);
  expect(await billingStatusAttribute(seller)).toBe('past_due');
  const failureNotices = await seller.notificationsWhen('payment_failed', 2);
  expect(failureNotices.map((n) => n.recipientRole).sort()).toEqual(['admin', 'seller']);
  expect(failureNotices.find((n) => n.recipientRole === 'seller')?.body).toContain(
    'Your card was declined.',
  );

  // While failing, limit charges don't stack: more spend waits for the next retry.
  await seller.spend(150 * DOLLARS);
  expect(await seller.payments()).toHaveLength(1);

  await harness.sleepPast(failed.dunning!.nextRetryAt!);
  const secondFailure = await seller.stateWhen((s) => s.dunning?.failedAttempts === 2);
  expect(Date.parse(secondFailure.dunning!.nextRetryAt!)).toBe(firstFailedAt + 3 * DAY_MS);
  const payments = await seller.payments();
  expect(payments.map((p) => [Number(p.amountMinor), p.status, p.reason])).toEqual([
    [100_00, 'failed', 'credit_limit'],
    [250_00, 'failed', 'dunning_retry'], // each retry charges everything unbilled at that moment
  ]);

  await seller.swapCardSilently('pm_card_visa'); // e.g. the bank lifted its block
  await harness.sleepPast(secondFailure.dunning!.nextRetryAt!);
  const recovered = await seller.stateWhen((s) => s.status === 'active');
  expect(recovered).toMatchObject({ unbilledMicros: 0, dunning: null, pausedCampaignIds: [] });
  expect(await seller.campaignStatuses()).toEqual(['active', 'active', 'paused']);
  expect(await billingStatusAttribute(seller)).toBe('active');
  const success = await seller.notificationsWhen('payment_succeeded', 2);
  expect(success.find((n) => n.recipientRole === 'seller')?.body).toContain(
    '2 paused campaign(s) are running again',
  );
  const paid = (await seller.payments()).find((p) => p.status === 'succeeded')!;
  expect(success.find((n) => n.recipientRole === 'seller')?.body).toContain(
    `http://localhost:3000/v1/payments/${paid.id}/receipt.pdf`,
  );
});

test('R7: a card update during dunning retries at once and resumes the campaigns', async () => {
  const seller = await harness.seller({
    defaultCreditLimitMinor: 100_00,
    campaigns: 2,
    paymentMethodId: 'pm_card_chargeDeclinedInsufficientFunds',
  });
  await seller.spend(120 * DOLLARS);
  const failed = await seller.stateWhen((s) => s.status === 'past_due');
  expect(failed.dunning?.lastFailureCode).toBe('insufficient_funds');

  await seller.updateCard('pm_card_visa');
  const recovered = await seller.stateWhen((s) => s.status === 'active');
  expect(recovered.lastPayment).toMatchObject({
    reason: 'card_updated',
    status: 'succeeded',
    amountMinor: 120_00,
  });
  expect(await seller.campaignStatuses()).toEqual(['active', 'active']);
  // No time passed: the retry came from the card update, not from the schedule.
  expect(Date.parse(recovered.lastPayment!.at)).toBeLessThan(
    Date.parse(failed.dunning!.nextRetryAt!),
  );
});

test('R7: after the last scheduled retry the seller is delinquent and stays paused until a card update leads to a successful charge', async () => {
  const seller = await harness.seller({
    defaultCreditLimitMinor: 100_00,
    campaigns: 1,
    dunningScheduleDays: [1, 3, 7],
    paymentMethodId: 'pm_card_chargeDeclined',
  });
  await seller.spend(100 * DOLLARS);
  let state = await seller.stateWhen((s) => s.status === 'past_due');
  for (const attempts of [2, 3, 4]) {
    await harness.sleepPast(state.dunning!.nextRetryAt!);
    state = await seller.stateWhen((s) => s.dunning?.failedAttempts === attempts);
  }
  expect(state.status).toBe('delinquent');
  expect(state.dunning?.nextRetryAt).toBeNull();
  expect(await billingStatusAttribute(seller)).toBe('delinquent');
  const delinquency = await seller.notificationsWhen('seller_delinquent', 2);
  expect(delinquency.map((n) => n.recipientRole).sort()).toEqual(['admin', 'seller']);

  // Nothing retries on its own any more, not even at the cycle end.
  await harness.sleepPast(state.cycle.endsAt, 10 * DAY_MS);
  expect(await seller.payments()).toHaveLength(4);
  expect(await seller.campaignStatuses()).toEqual(['paused']);

  await seller.updateCard('pm_card_chargeDeclinedExpiredCard');
  state = await seller.stateWhen((s) => s.dunning?.failedAttempts === 5);
  expect(state.status).toBe('delinquent');
  expect(await seller.campaignStatuses()).toEqual(['paused']);

  await seller.updateCard('pm_card_visa');
  state = await seller.stateWhen((s) => s.status === 'active');
  expect(state.unbilledMicros).toBe(0);
  expect(await seller.campaignStatuses()).toEqual(['active']);
  expect(await billingStatusAttribute(seller)).toBe('active');
});

test('R7: a card that needs authentication is a failure that tells the seller what to do', async () => {
  const seller = await harness.seller({
    defaultCreditLimitMinor: 100_00,
    paymentMethodId: 'pm_card_authenticationRequired',
  });
  await seller.spend(100 * DOLLARS);
  const state = await seller.stateWhen((s) => s.status === 'past_due');
  expect(state.dunning).toMatchObject({
    requiresAction: true,
    lastFailureCode: 'authentication_required',
  });
  expect(state.lastPayment?.status).toBe('requires_action');
  const [payment] = await seller.payments();
  expect(payment?.status).toBe('requires_action');
  const notice = (await seller.notificationsWhen('payment_failed', 2)).find(
    (n) => n.recipientRole === 'seller',
  );
  expect(notice?.body).toContain('authenticate this payment');
  expect(await seller.campaignStatuses()).toEqual(['paused']);
});
