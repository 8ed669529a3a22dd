// The request fields credits and refunds share (R14): an amount of one maximum charge at most, and
// a reason a person reads on the credit note.
import { z } from 'zod';
import { MAX_CHARGE_MINOR } from '../../rules';
import { text } from '../input-schemas';

/** A credit's or a refund's body: whole minor units, 1 up to one maximum charge, and why. */
export const creditOrRefundSchema = z.strictObject({
  amountMinor: z.int().min(1).max(MAX_CHARGE_MINOR),
  reason: text().trim().min(1).max(500),
});
