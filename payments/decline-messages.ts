// What a seller reads when a card payment fails, by Stripe decline code. Both gateways use it, so
// a decline reads the same in simulated and real mode.

const DECLINE_MESSAGES: Record<string, string> = {
  generic_decline: 'Your card was declined. Use another card or contact your bank.',
  insufficient_funds: 'Your card has insufficient funds. Use another card or add funds.',
  expired_card: 'Your card has expired. Add a card that is still valid.',
  lost_card: 'Your card was declined (reported lost). Add another card.',
  stolen_card: 'Your card was declined (reported stolen). Add another card.',
  incorrect_cvc: "Your card's security code is incorrect. Add the card again.",
  card_velocity_exceeded:
    'Your card has reached its spending limit. Use another card or contact your bank.',
  do_not_honor: 'Your bank declined the payment. Contact your bank or use another card.',
  processing_error: 'Your card could not be processed. We will try again.',
  authentication_required:
    'Your bank requires you to authenticate this payment. Open Manage payments to confirm it.',
};

/** The seller's message for a decline code; unknown codes fall back to Stripe's own message. */
export function sellerDeclineMessage(code: string, fallback?: string): string {
  return (
    DECLINE_MESSAGES[code] ??
    fallback ??
    'Your card was declined. Use another card or contact your bank.'
  );
}
