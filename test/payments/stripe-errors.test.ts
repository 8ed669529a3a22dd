// How Stripe's answers map onto charge outcomes: real SDK error objects (what the SDK throws for
// a 402, 429, 500, 409 lock timeout or a dropped connection), since stripe-mock never declines.
import Stripe from 'stripe';
import { TransientGatewayError } from '../../payments/gateway';
import {
  chargeOutcomeOfError,
  gatewayErrorOf,
  isMissingObject,
} from '../../payments/stripe-errors';
import { chargeOutcomeOf } from '../../payments/stripe-gateway';

const paymentIntent = (fields: Partial<Stripe.PaymentIntent>) =>
  ({ id: 'pi_123', client_secret: 'pi_123_secret_abc', ...fields }) as Stripe.PaymentIntent;

/** What the SDK throws for an HTTP error answer: it picks the class from the status code. */
function stripeError(statusCode: number, raw: Stripe.StripeRawError) {
  return Stripe.errors.StripeError.generate({ ...raw, statusCode });
}

test('a card decline keeps Stripe decline code and tells the seller what to do', () => {
  const error = stripeError(402, {
    type: 'card_error',
    code: 'card_declined',
    decline_code: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
    payment_intent: paymentIntent({ status: 'requires_payment_method' }),
  });
  expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
  expect(chargeOutcomeOfError(error)).toEqual({
    status: 'declined',
    gatewayPaymentId: 'pi_123',
    code: 'insufficient_funds',
    message: 'Your card has insufficient funds. Use another card or add funds.',
  });
});

test("an unknown decline code keeps Stripe's own message", () => {
  const error = stripeError(402, {
    type: 'card_error',
    code: 'card_declined',
    decline_code: 'try_again_later',
    message: 'Try again later.',
  });
  expect(chargeOutcomeOfError(error)).toMatchObject({
    status: 'declined',
    code: 'try_again_later',
    message: 'Try again later.',
  });
});

test('authentication required gives the seller the PaymentIntent client secret to authenticate', () => {
  const error = stripeError(402, {
    type: 'card_error',
    code: 'authentication_required',
    decline_code: 'authentication_required',
    message: 'Your card was declined. This transaction requires authentication.',
    payment_intent: paymentIntent({ status: 'requires_payment_method' }),
  });
  expect(chargeOutcomeOfError(error)).toEqual({
    status: 'requires_action',
    gatewayPaymentId: 'pi_123',
    code: 'authentication_required',
    message: expect.stringContaining('authenticate') as string,
    clientSecret: 'pi_123_secret_abc',
  });
});

test.each([
  ['a dropped connection', new Stripe.errors.StripeConnectionError({ message: 'socket hang up' })],
  ['a 500', stripeError(500, { type: 'api_error', message: 'Internal error' })],
  [
    'a 429',
    stripeError(429, {
      type: 'invalid_request_error',
      code: 'rate_limit',
      message: 'Too many requests',
    }),
  ],
  [
    'a 409 lock timeout',
    stripeError(409, {
      type: 'invalid_request_error',
      code: 'lock_timeout',
      message: 'Lock timeout',
    }),
  ],
])('%s is transient: Temporal retries it', (_what, error) => {
  expect(() => chargeOutcomeOfError(error)).toThrow(TransientGatewayError);
  expect(gatewayErrorOf(error)).toBeInstanceOf(TransientGatewayError);
});

test('an invalid request is not transient and is rethrown unchanged', () => {
  const error = stripeError(400, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: 'No such customer',
  });
  expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  expect(() => chargeOutcomeOfError(error)).toThrow(error);
});

test('a confirmed PaymentIntent maps by status; success keeps the Stripe receipt URL', () => {
  expect(
    chargeOutcomeOf(
      paymentIntent({
        status: 'succeeded',
        latest_charge: { receipt_url: 'https://pay.stripe.com/receipts/x' } as Stripe.Charge,
      }),
    ),
  ).toEqual({
    status: 'succeeded',
    gatewayPaymentId: 'pi_123',
    receiptUrl: 'https://pay.stripe.com/receipts/x',
  });
  expect(chargeOutcomeOf(paymentIntent({ status: 'requires_action' }))).toMatchObject({
    status: 'requires_action',
    clientSecret: 'pi_123_secret_abc',
  });
  expect(
    chargeOutcomeOf(
      paymentIntent({
        status: 'requires_payment_method',
        last_payment_error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'generic_decline',
        },
      }),
    ),
  ).toMatchObject({ status: 'declined', code: 'generic_decline' });
});

test('an id the account does not have is recognised as missing; other refusals are not', () => {
  const missing = stripeError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: "No such setupintent: 'seti_unknown'",
  });
  expect(isMissingObject(missing)).toBe(true);
  for (const other of [
    stripeError(400, { type: 'invalid_request_error', code: 'parameter_invalid_empty' }),
    stripeError(500, { type: 'api_error', message: 'Internal error' }),
    new Stripe.errors.StripeConnectionError({ message: 'socket hang up' }),
  ]) {
    expect(isMissingObject(other)).toBe(false);
  }
});
