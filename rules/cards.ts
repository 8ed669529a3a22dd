// Card expiry against the billing cycle: a card that stops working before the cycle-end charge
// is flagged so the seller replaces it in time (R4).

/** The first instant a card is no longer valid: it works through the last day of its month. */
function cardInvalidFromMs(expMonth: number, expYear: number): number {
  // Date.UTC months are 0-based, so month `expMonth` is the one after the expiry month.
  return Date.UTC(expYear, expMonth, 1);
}

/** True when the cycle-end charge (at `cycleEndsAtMs`) would find the card expired. */
export function cardExpiresBeforeCycleEnd(
  card: { expMonth: number; expYear: number },
  cycleEndsAtMs: number,
): boolean {
  return cardInvalidFromMs(card.expMonth, card.expYear) <= cycleEndsAtMs;
}

/** True when the card no longer works at `atMs` (its expiry month is over). */
export function cardExpiredAt(card: { expMonth: number; expYear: number }, atMs: number): boolean {
  return cardInvalidFromMs(card.expMonth, card.expYear) <= atMs;
}
