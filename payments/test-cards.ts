// Stripe's documented test cards and PaymentMethod ids, with what each means in test mode. The
// simulated gateway gives every one of them the same meaning.
import { sellerDeclineMessage } from './decline-messages';

export type TestCardBehaviour =
  | { outcome: 'succeeds' }
  | { outcome: 'declined'; code: string; message: string }
  | { outcome: 'requires_action'; code: string; message: string };

export interface TestCard {
  number: string;
  paymentMethodId: string;
  brand: string;
  behaviour: TestCardBehaviour;
}

const declined = (code: string): TestCardBehaviour => ({
  outcome: 'declined',
  code,
  message: sellerDeclineMessage(code),
});

export const TEST_CARDS: readonly TestCard[] = [
  {
    number: '4242424242424242',
    paymentMethodId: 'pm_card_visa',
    brand: 'visa',
    behaviour: { outcome: 'succeeds' },
  },
  {
    number: '5555555555554444',
    paymentMethodId: 'pm_card_mastercard',
    brand: 'mastercard',
    behaviour: { outcome: 'succeeds' },
  },
  {
    number: '378282246310005',
    paymentMethodId: 'pm_card_amex',
    brand: 'amex',
    behaviour: { outcome: 'succeeds' },
  },
  {
    number: '4000000000000002',
    paymentMethodId: 'pm_card_chargeDeclined',
    brand: 'visa',
    behaviour: declined('generic_decline'),
  },
  {
    number: '4000000000009995',
    paymentMethodId: 'pm_card_chargeDeclinedInsufficientFunds',
    brand: 'visa',
    behaviour: declined('insufficient_funds'),
  },
  {
    number: '4000000000000069',
    paymentMethodId: 'pm_card_chargeDeclinedExpiredCard',
    brand: 'visa',
    behaviour: declined('expired_card'),
  },
  {
    number: '4000002760003184',
    paymentMethodId: 'pm_card_authenticationRequired',
    brand: 'visa',
    behaviour: {
      outcome: 'requires_action',
      code: 'authentication_required',
      message: sellerDeclineMessage('authentication_required'),
    },
  },
  {
    // Stripe lets a Customer keep this card (a SetupIntent succeeds) and declines every charge.
    number: '4000000000000341',
    paymentMethodId: 'pm_card_chargeCustomerFail',
    brand: 'visa',
    behaviour: declined('generic_decline'),
  },
];

export function testCardByPaymentMethod(paymentMethodId: string): TestCard | undefined {
  return TEST_CARDS.find((card) => card.paymentMethodId === paymentMethodId);
}

export function testCardByNumber(number: string): TestCard | undefined {
  return TEST_CARDS.find((card) => card.number === number);
}

/** A saved card as seeded for a demo or benchmark seller: Stripe's test Visa, the default card. */
export const SEEDED_TEST_VISA = {
  gatewayPaymentMethodId: 'pm_card_visa',
  brand: 'visa',
  last4: '4242',
  expMonth: 12,
  expYear: 2034,
  isDefault: true,
} as const;
