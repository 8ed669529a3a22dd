// The zod building blocks of the answers' schemas (documentation only: the OpenAPI document
// shows them and the fuzzer checks every answer against them). Objects are strict: an answer
// holds exactly the fields listed.
import { z } from 'zod';

export const idSchema = z.uuid();
export const instantOutSchema = z.iso.datetime();
export const gatewayNameSchema = z.enum(['stripe', 'simulated']);
/** An amount in the currency's minor units (cents), or spend in micros: always an integer. */
export const amountSchema = z.int();
/** A total of micros that can outgrow 2^53 (rules/micros-total.ts): a decimal string. */
export const microsTotalSchema = z.string().regex(/^\d+$/);
export const currencyOutSchema = z.string().regex(/^[A-Z]{3}$/);
export const billingModeSchema = z.enum(['self_service', 'managed']);
export const paymentStatusSchema = z.enum(['succeeded', 'failed', 'requires_action']);
export const chargeReasonSchema = z.enum([
  'credit_limit',
  'cycle_end',
  'dunning_retry',
  'card_updated',
]);

/** A page of a cursor-paginated list: its items under `key`, and the next page's cursor. */
export function pageSchema(key: string, item: z.ZodType) {
  return z.strictObject({ [key]: z.array(item), nextCursor: z.string().nullable() });
}
