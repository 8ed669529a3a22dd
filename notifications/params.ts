// What a notification's text says, kept with it (notifications.params) so that the pages can say
// it in their reader's language: the event's facts and the names and card its text uses. Rows
// stored before the column existed have none, and are shown with their stored text.
import { z } from 'zod';

const amount = { amountMinor: z.number().int(), currency: z.string() };

const paramsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('payment_succeeded'),
    ...amount,
    sellerName: z.string(),
    cardBrand: z.string(),
    cardLast4: z.string(),
    receiptNumber: z.number().int(),
    resumedCampaignIds: z.array(z.string()),
  }),
  z.object({
    kind: z.literal('payment_failed'),
    ...amount,
    sellerName: z.string(),
    failureCode: z.string(),
    requiresAction: z.boolean(),
    nextRetryAt: z.string().nullable(),
    pausedCampaignIds: z.array(z.string()),
    /** The seller's default card when the charge failed, if it had one. */
    defaultCard: z.object({ brand: z.string(), last4: z.string() }).nullable(),
  }),
  z.object({ kind: z.literal('seller_delinquent'), ...amount, sellerName: z.string() }),
  z.object({
    kind: z.literal('spend_alert'),
    currency: z.string(),
    unbilledMicros: z.number().int(),
    creditLimitMinor: z.number().int(),
    percent: z.number(),
  }),
  z.object({
    kind: z.literal('credit_limit_step'),
    direction: z.enum(['up', 'back_to_base']),
    currency: z.string(),
    creditLimitMinor: z.number().int(),
    nextCreditLimitMinor: z.number().int(),
    effectiveAt: z.iso.datetime(),
  }),
  z.object({
    kind: z.literal('invitation'),
    marketplaceName: z.string(),
    expiresAt: z.iso.datetime(),
  }),
]);

export type NotificationParams = z.infer<typeof paramsSchema>;

/** The notification's parameters with its kind; null when it has none or they do not fit. */
export function paramsOf(notification: {
  kind: string;
  params: unknown;
}): NotificationParams | null {
  if (notification.params === null || typeof notification.params !== 'object') return null;
  const parsed = paramsSchema.safeParse({ ...notification.params, kind: notification.kind });
  return parsed.success ? parsed.data : null;
}
