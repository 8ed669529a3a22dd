// Stripe webhooks: the signature is checked against the endpoint secret before anything else,
// each event is recorded by id and processed once (a redelivery is acknowledged and ignored),
// and each handled type updates what it reports: charges finished out of band, cards saved,
// detached or updated, and whether a connected account can charge.
import Stripe from 'stripe';
import { z } from 'zod';
import { STORABLE_TEXT } from '../rules';
import type { Database } from '../db/client';
import type { Logger } from '../observability/logger';
import { applyAccountUpdate } from './connect';
import { sellerDeclineMessage } from './decline-messages';
import { recordPaymentFailed } from './payment-records';
import { settleAuthenticatedPayment } from './authentication';
import {
  cardFields,
  cardOwnerOf,
  forgetCard,
  makeDefaultCard,
  saveConfirmedCard,
  type CardDependencies,
} from './saved-cards';
import { cardDetailsOf, receiptUrlOf, setupIntentViewOf } from './stripe-gateway';

export class WebhookSignatureError extends Error {
  readonly code: 'invalid_signature' | 'invalid_event' = 'invalid_signature';
}

/** A correctly signed body that is not a Stripe event: refused like a bad signature. */
export class WebhookEventError extends WebhookSignatureError {
  override readonly code = 'invalid_event';
}

/** What every event handled here relies on; the rest is read per type. */
const eventEnvelopeSchema = z.looseObject({
  id: z.string().min(1).max(255).regex(STORABLE_TEXT.pattern),
  type: z.string().min(1).max(255),
  data: z.looseObject({ object: z.record(z.string(), z.unknown()) }),
});

/** The verified event, or WebhookSignatureError when the header is missing or does not match. */
export function verifyStripeEvent(
  rawBody: Buffer,
  signatureHeader: string | undefined,
  endpointSecret: string,
): Stripe.Event {
  if (!signatureHeader) throw new WebhookSignatureError('The Stripe-Signature header is missing.');
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signatureHeader, endpointSecret);
  } catch (error) {
    throw new WebhookSignatureError('The Stripe-Signature header does not match this payload.', {
      cause: error,
    });
  }
  if (!eventEnvelopeSchema.safeParse(event).success) {
    throw new WebhookEventError(
      'The payload is not a Stripe event: it needs an id, a type and data.object.',
    );
  }
  return event;
}

export type WebhookDependencies = CardDependencies;

/** Processes the event unless it was processed before; says which. */
export async function processStripeEventOnce(
  deps: WebhookDependencies,
  event: Stripe.Event,
): Promise<'processed' | 'duplicate'> {
  const record = await deps.db.stripeWebhookEvent.upsert({
    where: { id: event.id },
    create: { id: event.id, type: event.type },
    update: {},
  });
  if (record.processedAt) return 'duplicate';
  // Handlers are idempotent, so an event whose processing was cut short is simply redone.
  await handleStripeEvent(deps, event);
  await deps.db.stripeWebhookEvent.update({
    where: { id: event.id },
    data: { processedAt: new Date() },
  });
  return 'processed';
}

async function handleStripeEvent(deps: WebhookDependencies, event: Stripe.Event): Promise<void> {
  const logger = deps.logger.child({ eventId: event.id, type: event.type, account: event.account });
  switch (event.type) {
    case 'payment_intent.succeeded':
      return paymentIntentSucceeded(deps, logger, event.data.object, event.account);
    case 'payment_intent.payment_failed':
      return paymentIntentFailed(deps.db, event.data.object, event.account);
    case 'setup_intent.succeeded':
      return setupIntentSucceeded(deps, logger, event.data.object, event.account);
    case 'account.updated': {
      const account = event.data.object;
      await applyAccountUpdate(deps.db, {
        accountId: account.id,
        chargesEnabled: account.charges_enabled ?? false,
        detailsSubmitted: account.details_submitted ?? false,
      });
      return;
    }
    case 'payment_method.detached':
      return paymentMethodDetached(deps, event.data.object, event.account);
    case 'payment_method.updated':
      return paymentMethodUpdated(deps.db, event.data.object, event.account);
    default:
      logger.info('webhook event type not handled');
  }
}

/** A charge settled out of band (the seller authenticated it): it gets its receipt now. */
async function paymentIntentSucceeded(
  deps: WebhookDependencies,
  logger: Logger,
  paymentIntent: Stripe.PaymentIntent,
  accountId: string | undefined,
): Promise<void> {
  const payment = await paymentOf(deps.db, paymentIntent, accountId);
  if (!payment) {
    logger.info({ paymentIntentId: paymentIntent.id }, 'not one of our charges');
    return;
  }
  if (payment.status === 'succeeded') return;
  const settled = await settleAuthenticatedPayment(deps, payment, {
    gatewayPaymentId: paymentIntent.id,
    receiptUrl: receiptUrlOf(paymentIntent),
  });
  logger.info({ paymentId: settled.id, receiptNumber: settled.receiptNumber }, 'charge settled');
}

async function paymentIntentFailed(
  db: Database,
  paymentIntent: Stripe.PaymentIntent,
  accountId: string | undefined,
): Promise<void> {
  const payment = await paymentOf(db, paymentIntent, accountId);
  if (!payment) return;
  const lastError = paymentIntent.last_payment_error;
  const code = lastError?.decline_code ?? lastError?.code ?? 'card_declined';
  await recordPaymentFailed(
    db,
    { idempotencyKey: payment.idempotencyKey },
    {
      status: 'failed',
      gatewayPaymentId: paymentIntent.id,
      code,
      message: sellerDeclineMessage(code, lastError?.message),
    },
  );
}

/**
 * Our payment for the PaymentIntent. Every connected account's events share one endpoint and
 * its owner controls the metadata, so the payment must belong to the marketplace whose account
 * sent the event and name the same PaymentIntent.
 */
async function paymentOf(
  db: Database,
  paymentIntent: Stripe.PaymentIntent,
  accountId: string | undefined,
) {
  const chargeId = paymentIntent.metadata?.charge_id;
  const payment = await db.payment.findFirst({
    where: {
      ...(chargeId ? { idempotencyKey: chargeId } : { gatewayPaymentId: paymentIntent.id }),
      marketplace: { stripeConnection: fromAccount(accountId) },
    },
  });
  if (payment?.gatewayPaymentId && payment.gatewayPaymentId !== paymentIntent.id) return null;
  return payment;
}

/** Matches the connection the event came from (events on the platform account carry none). */
function fromAccount(accountId: string | undefined) {
  return accountId ? { is: { accountId } } : { is: null };
}

async function setupIntentSucceeded(
  deps: WebhookDependencies,
  logger: Logger,
  setupIntent: Stripe.SetupIntent,
  accountId: string | undefined,
): Promise<void> {
  const view = setupIntentViewOf(setupIntent);
  if (!view.customerId || !accountId) return;
  const seller = await deps.db.seller.findFirst({
    where: { gatewayCustomerId: view.customerId, marketplace: { stripeConnection: { accountId } } },
    include: { marketplace: { include: { stripeConnection: true } } },
  });
  const owner = seller && cardOwnerOf(seller);
  if (!owner) {
    logger.info({ customerId: view.customerId }, 'SetupIntent for an unknown customer');
    return;
  }
  await saveConfirmedCard(deps, owner, view);
}

async function paymentMethodDetached(
  deps: WebhookDependencies,
  paymentMethod: Stripe.PaymentMethod,
  accountId: string | undefined,
): Promise<void> {
  const cards = await deps.db.paymentMethod.findMany({
    where: {
      gatewayPaymentMethodId: paymentMethod.id,
      removedAt: null,
      seller: { marketplace: { stripeConnection: fromAccount(accountId) } },
    },
    include: { seller: { include: { marketplace: { include: { stripeConnection: true } } } } },
  });
  for (const { seller, ...card } of cards) {
    const successor = await forgetCard(deps.db, card);
    const owner = cardOwnerOf(seller);
    if (successor && owner) await makeDefaultCard(deps, owner, successor);
  }
}

async function paymentMethodUpdated(
  db: Database,
  paymentMethod: Stripe.PaymentMethod,
  accountId: string | undefined,
): Promise<void> {
  if (!paymentMethod.card) return;
  await db.paymentMethod.updateMany({
    where: {
      gatewayPaymentMethodId: paymentMethod.id,
      seller: { marketplace: { stripeConnection: fromAccount(accountId) } },
    },
    data: cardFields(cardDetailsOf(paymentMethod)),
  });
}
