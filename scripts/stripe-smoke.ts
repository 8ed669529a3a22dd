// `npm run stripe:smoke`: runs the Stripe adapter against real Stripe test mode — Connect, a
// saved card, off-session charges (success, decline, 3-D Secure) and the webhook event of the
// successful charge, signed and verified the way our endpoint verifies it — and, given a seller's
// portal link, adds a card through our card page and Stripe's Payment Element in Chromium. Not a
// test (the test suite never runs it): without a Stripe test key or the network it says why it
// skipped and exits 0.
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import type { OffSessionChargeResult } from '../payments/gateway';
import { STRIPE_API_VERSION, StripeGateway } from '../payments/stripe-gateway';
import { verifyStripeEvent } from '../payments/stripe-webhooks';
import { addCardThroughPaymentElement } from './stripe-smoke-card-page';

const HELP = `stripe:smoke needs Stripe test mode:
  STRIPE_SECRET_KEY=sk_test_…        your platform's test secret key (never a live key)
  STRIPE_SMOKE_ACCOUNT_ID=acct_…     optional: a connected test account that finished onboarding;
                                     without it the smoke creates an account, prints its onboarding
                                     link and stops before cards and charges (a new account cannot
                                     charge until someone completes that link)
  STRIPE_SMOKE_CURRENCY=usd          optional: the connected account's currency (default usd)
  STRIPE_WEBHOOK_SECRET=whsec_…      optional: signs the webhook check with your endpoint's secret
  STRIPE_SMOKE_PORTAL_LINK=http…     optional: a seller's portal link from \`npm start\` run with
                                     STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY, its marketplace
                                     connected: adds card 4242 through the card page in Chromium
Stripe API version pinned by the adapter: ${STRIPE_API_VERSION}`;

const step = (title: string, detail: unknown = '') => console.log(`✔ ${title}`, detail);

async function main(): Promise<number> {
  const secretKey = process.env.STRIPE_SECRET_KEY;
  if (!secretKey) {
    console.log(`stripe:smoke skipped: STRIPE_SECRET_KEY is not set.\n\n${HELP}`);
    return 0;
  }
  if (!secretKey.startsWith('sk_test_') && !secretKey.startsWith('rk_test_')) {
    console.error(`Refusing to run: STRIPE_SECRET_KEY is not a test-mode key.\n\n${HELP}`);
    return 1;
  }
  const gateway = new StripeGateway({ secretKey });
  const unreachable = await stripeUnreachable(gateway.stripe);
  if (unreachable) {
    console.log(`stripe:smoke skipped: Stripe cannot be reached from here (${unreachable}).`);
    return 0;
  }
  const run = randomUUID();

  const account = await gateway.createConnectedAccount({
    idempotencyKey: `smoke-account:${run}`,
    email: null,
    metadata: { smoke_run: run },
  });
  const link = await gateway.createAccountLink({
    accountId: account.accountId,
    returnUrl: 'https://example.com/stripe/return',
    refreshUrl: 'https://example.com/stripe/refresh',
  });
  step('connect: account created', { ...account, onboardingUrl: link.url });

  const accountId = process.env.STRIPE_SMOKE_ACCOUNT_ID;
  if (!accountId) {
    console.log(
      '\nTo go on to cards and charges, complete onboarding at the link above, then re-run with',
    );
    console.log(
      `STRIPE_SMOKE_ACCOUNT_ID=${account.accountId} (or any onboarded connected test account).`,
    );
    return 0;
  }
  const connected = await gateway.retrieveAccount(accountId);
  step('connect: account retrieved', connected);
  if (!connected.chargesEnabled) {
    console.error(`${accountId} cannot charge yet: finish its onboarding first.`);
    return 1;
  }

  const onAccount = { connectedAccountId: accountId };
  const { customerId } = await gateway.createCustomer({
    ...onAccount,
    idempotencyKey: `smoke-customer:${run}`,
    name: 'Smoke Seller',
    email: 'smoke-seller@example.com',
    metadata: { smoke_run: run },
  });
  const setupIntent = await gateway.createSetupIntent({
    ...onAccount,
    idempotencyKey: `smoke-setup:${run}`,
    customerId,
    metadata: { smoke_run: run },
  });
  // What Stripe Elements does in the browser, done here with Stripe's test PaymentMethod.
  await gateway.stripe.setupIntents.confirm(
    setupIntent.setupIntentId,
    { payment_method: 'pm_card_visa' },
    { stripeAccount: accountId },
  );
  const confirmed = await gateway.retrieveSetupIntent({
    ...onAccount,
    setupIntentId: setupIntent.setupIntentId,
  });
  if (!confirmed?.paymentMethodId) throw new Error('the confirmed SetupIntent has no card');
  const card = await gateway.retrievePaymentMethod({
    ...onAccount,
    paymentMethodId: confirmed.paymentMethodId,
  });
  await gateway.setDefaultPaymentMethod({
    ...onAccount,
    idempotencyKey: `smoke-default:${run}`,
    customerId,
    paymentMethodId: card.paymentMethodId,
  });
  step('card: saved through a SetupIntent', { status: confirmed.status, ...card });

  const charge = (key: string, paymentMethodId: string) =>
    gateway.chargeOffSession({
      idempotencyKey: `smoke-charge:${run}:${key}`,
      amountMinor: 1_234,
      currency: process.env.STRIPE_SMOKE_CURRENCY ?? 'usd',
      customerId,
      paymentMethodId,
      connectedAccountId: accountId,
      description: 'selfserve-billing smoke test',
      metadata: { smoke_run: run, charge_id: `smoke-charge:${run}:${key}` },
    });
  const succeeded = await charge('saved-card', card.paymentMethodId);
  expectOutcome('charge: saved card', succeeded, 'succeeded');
  const again = await charge('saved-card', card.paymentMethodId);
  expectOutcome('charge: same idempotency key gives the same payment', again, 'succeeded');
  if (again.gatewayPaymentId !== succeeded.gatewayPaymentId)
    throw new Error('idempotency key did not hold');
  expectOutcome(
    'charge: declined card',
    await attachAndCharge('declined', 'pm_card_chargeDeclined'),
    'declined',
  );
  expectOutcome(
    'charge: 3-D Secure card',
    await attachAndCharge('3ds', 'pm_card_authenticationRequired'),
    'requires_action',
  );

  const event = await findEvent(gateway.stripe, accountId, succeeded.gatewayPaymentId!);
  const secret = process.env.STRIPE_WEBHOOK_SECRET ?? `whsec_smoke_${run}`;
  const payload = JSON.stringify(event);
  const verified = verifyStripeEvent(
    Buffer.from(payload),
    Stripe.webhooks.generateTestHeaderString({ payload, secret }),
    secret,
  );
  step('webhook: payment_intent.succeeded verified by signature', {
    id: verified.id,
    account: verified.account,
  });

  const portalLink = process.env.STRIPE_SMOKE_PORTAL_LINK;
  if (portalLink) {
    step('card page: card 4242 added through the Payment Element', {
      listed: await addCardThroughPaymentElement(portalLink),
    });
  } else {
    console.log('(card page step skipped: set STRIPE_SMOKE_PORTAL_LINK to run it)');
  }
  console.log('\nStripe smoke passed.');
  return 0;

  async function attachAndCharge(key: string, testPaymentMethod: string) {
    const attached = await gateway.attachPaymentMethod({
      ...onAccount,
      idempotencyKey: `smoke-attach:${run}:${key}`,
      paymentMethodId: testPaymentMethod,
      customerId,
    });
    return charge(key, attached.paymentMethodId);
  }
}

/** Why Stripe's API cannot be reached (no network, say); null when it answers at all. */
async function stripeUnreachable(stripe: Stripe): Promise<string | null> {
  try {
    await stripe.balance.retrieve();
    return null;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeConnectionError) return error.message;
    return null;
  }
}

function expectOutcome(
  title: string,
  outcome: OffSessionChargeResult,
  status: OffSessionChargeResult['status'],
) {
  if (outcome.status !== status)
    throw new Error(`${title}: expected ${status}, got ${JSON.stringify(outcome)}`);
  step(title, outcome);
}

/** The payment_intent.succeeded event of the charge, once Stripe has recorded it. */
async function findEvent(
  stripe: Stripe,
  accountId: string,
  paymentIntentId: string,
): Promise<Stripe.Event> {
  for (let tries = 0; tries < 20; tries += 1) {
    const events = await stripe.events.list(
      { type: 'payment_intent.succeeded', limit: 20 },
      { stripeAccount: accountId },
    );
    const event = events.data.find(
      (e) => (e.data.object as { id?: string }).id === paymentIntentId,
    );
    if (event) return event;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`no payment_intent.succeeded event for ${paymentIntentId} after 20 s`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('Stripe smoke failed:', error);
    process.exitCode = 1;
  },
);
