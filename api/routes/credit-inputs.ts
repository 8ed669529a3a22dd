// The request fields credits and refunds share (R14): an amount of one maximum charge at most, and
// a reason a person reads on the credit note.
import { z } from 'zod';
import { MAX_CHARGE_MINOR } from '../../rules';
import { text } from '../input-schemas';

/** Whole minor units of the marketplace's currency, 1 up to one maximum charge. */
export const creditAmountSchema = z.int().min(1).max(MAX_CHARGE_MINOR);

export const creditReasonSchema = text().trim().min(1).max(500);
