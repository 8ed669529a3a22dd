// The bounds that are part of the contract: the largest spend event, the largest credit limit and
// the window a spend event's time must fall in. They keep every amount an exact integer: a limit
// is one processor charge at most, and a relay batch stays far below 2^53 micros.
import { microsPerMinorUnit } from './money';
import { DAY_MS } from './time';

/**
 * Stripe's largest single charge is eight digits in the currency's minor units (99,999,999
 * cents is $999,999.99): a credit limit above one charge could never be charged in one go.
 */
export const MAX_CHARGE_MINOR = 99_999_999;

/** The largest credit limit (default or per-seller override), in any currency's minor units. */
export const MAX_CREDIT_LIMIT_MINOR = MAX_CHARGE_MINOR;

/** The largest one spend event may report: one maximum charge, in micros of its currency. */
export function maxSpendEventMicros(currency: string): number {
  return MAX_CHARGE_MINOR * microsPerMinorUnit(currency);
}

/** The largest spend event of any currency (the zero-decimal ones): the schema's maximum. */
export const MAX_SPEND_EVENT_MICROS_ANY_CURRENCY = MAX_CHARGE_MINOR * 1_000_000;

/**
 * The most one relay batch carries: sums of whole events, each at most a maximum event, so the
 * batch and every per-campaign part of it stay exact as numbers (2^53 is about 9 × 10^15).
 */
export const MAX_RELAY_BATCH_MICROS = 1_000_000_000_000_000;

/** How far ahead of the server's clock a spend event may be dated (clock skew). */
export const MAX_SPEND_FUTURE_SKEW_MS = 5 * 60 * 1000;

/**
 * How old a spend event may be: long enough for late reports of the previous monthly cycle to
 * be billed as late spend, short enough that nothing from a forgotten year lands in this cycle.
 */
export const MAX_SPEND_AGE_DAYS = 40;
export const MAX_SPEND_AGE_MS = MAX_SPEND_AGE_DAYS * DAY_MS;
