// Stripe's errors mapped in one place: a card error becomes a declined or needs-authentication
// outcome with a message a seller can act on; network trouble, 5xx, 429 and lock timeouts become
// TransientGatewayError (Temporal retries the activity); a missing object is recognised; anything
// else is rethrown unchanged.
import Stripe from 'stripe';
import { sellerDeclineMessage } from './decline-messages';
import { TransientGatewayError, type OffSessionChargeResult } from './gateway';

/** Stripe answers 409 `lock_timeout` when another request holds the object: retry later. */
const TRANSIENT_CODES = new Set(['lock_timeout', 'rate_limit']);

function isTransientStripeError(error: unknown): boolean {
  if (!(error instanceof Stripe.errors.StripeError)) return false;
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    (error.statusCode ?? 0) >= 500 ||
    error.statusCode === 429 ||
    TRANSIENT_CODES.has(error.code ?? '')
  );
}

/** Turns a failed PaymentIntent confirmation into the port's outcome, or throws. */
export function chargeOutcomeOfError(error: unknown): OffSessionChargeResult {
  if (error instanceof Stripe.errors.StripeCardError) {
    const paymentIntent = error.payment_intent;
    const code = error.decline_code ?? error.code ?? 'card_declined';
    if (error.code === 'authentication_required' || code === 'authentication_required') {
      return {
        status: 'requires_action',
        gatewayPaymentId: paymentIntent?.id ?? null,
        code: 'authentication_required',
        message: sellerDeclineMessage('authentication_required'),
        clientSecret: paymentIntent?.client_secret ?? null,
      };
    }
    return {
      status: 'declined',
      gatewayPaymentId: paymentIntent?.id ?? null,
      code,
      message: sellerDeclineMessage(code, error.message),
    };
  }
  throw gatewayErrorOf(error);
}

/** Stripe's answer for an id the account does not have (unknown, or on another account). */
export function isMissingObject(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing'
  );
}

/** The error to throw for a failed Stripe call that is not a card outcome. */
export function gatewayErrorOf(error: unknown): unknown {
  if (isTransientStripeError(error)) {
    const stripeError = error as Stripe.errors.StripeError;
    return new TransientGatewayError(
      `Stripe is unavailable (${stripeError.type}${stripeError.statusCode ? ` ${stripeError.statusCode}` : ''}): ${stripeError.message}`,
      { cause: error },
    );
  }
  return error;
}
