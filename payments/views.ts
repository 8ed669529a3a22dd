// Payments, saved cards and the Stripe connection as sellers and admins see them: money as
// integers, instants as ISO 8601 strings, a card by brand and last four digits only.
import type { PaymentMethod, StripeConnection } from '../generated/prisma';
import { cardExpiresBeforeCycleEnd } from '../rules';
import { refundedMinorOf, type PaymentWithRefunds } from './history';

/** A payment of the history; `receiptUrlOf` says where its receipt is read, when it has one. */
export function paymentView(
  payment: PaymentWithRefunds,
  receiptUrlOf: (paymentId: string) => string,
) {
  return {
    id: payment.id,
    sellerId: payment.sellerId,
    status: payment.status,
    reason: payment.reason,
    amountMinor: Number(payment.amountMinor),
    refundedMinor: refundedMinorOf(payment),
    currency: payment.currency,
    card: payment.cardLast4 ? { brand: payment.cardBrand, last4: payment.cardLast4 } : null,
    failureCode: payment.failureCode,
    failureMessage: payment.failureMessage,
    receiptNumber: payment.receiptNumber,
    receiptUrl: payment.receiptNumber === null ? null : receiptUrlOf(payment.id),
    cycle: {
      startsAt: payment.cycleStartsAt.toISOString(),
      endsAt: payment.cycleEndsAt.toISOString(),
    },
    createdAt: payment.createdAt.toISOString(),
  };
}

/** A saved card, flagged when it expires before the current cycle ends. */
export function savedCardView(card: PaymentMethod, cycleEndsAtMs: number) {
  return {
    id: card.id,
    brand: card.brand,
    last4: card.last4,
    expMonth: card.expMonth,
    expYear: card.expYear,
    isDefault: card.isDefault,
    expiresBeforeCycleEnd: cardExpiresBeforeCycleEnd(card, cycleEndsAtMs),
  };
}

export function stripeConnectionView(connection: StripeConnection) {
  return {
    accountId: connection.accountId,
    chargesEnabled: connection.chargesEnabled,
    detailsSubmitted: connection.detailsSubmitted,
  };
}
