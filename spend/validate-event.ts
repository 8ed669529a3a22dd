// Checks one reported spend event against the contract: its shape (the zod schema the OpenAPI
// document shows), its currency's largest amount and the time window. Pure: what exists in the
// database is checked later. A bad event is rejected on its own, with a code per field.
import { z } from 'zod';
import {
  CLIENT_CHOSEN_ID,
  MAX_SPEND_AGE_DAYS,
  MAX_SPEND_AGE_MS,
  MAX_SPEND_EVENT_MICROS_ANY_CURRENCY,
  MAX_SPEND_FUTURE_SKEW_MS,
  maxSpendEventMicros,
} from '../rules';

export interface ValidSpendEvent {
  index: number;
  eventId: string;
  sellerId: string;
  campaignId: string;
  amountMicros: number;
  occurredAt: Date;
}

export interface RejectedSpendEvent {
  index: number;
  code: string;
  field?: string;
  message: string;
}

/** Calendar-checked RFC 3339 date-time with a zone: 2026-02-30 or 24:00 are not instants. */
const RFC_3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

export const spendEventSchema = z.strictObject({
  eventId: z
    .string()
    .min(1)
    .max(128)
    .regex(CLIENT_CHOSEN_ID.pattern, CLIENT_CHOSEN_ID.message)
    .describe('Unique per marketplace; a repeat is a duplicate, counted once.'),
  sellerId: z.guid(),
  campaignId: z.guid(),
  amountMicros: z
    .int()
    .min(1)
    .max(MAX_SPEND_EVENT_MICROS_ANY_CURRENCY)
    .describe(
      'Spend in micros of the marketplace currency; at most 99,999,999 minor units of it (e.g. 999,999,990,000 for USD).',
    ),
  occurredAt: z
    .string()
    .regex(RFC_3339, 'an RFC 3339 date-time with a zone')
    .refine(isCalendarInstant, 'not a real date and time')
    .meta({ format: 'date-time' })
    .describe(
      `When the spend happened: at most ${MAX_SPEND_AGE_DAYS} days ago and at most 5 minutes ahead.`,
    ),
});

/** Each field's error code; callers match on these. */
const CODE_OF_FIELD: Record<string, string> = {
  eventId: 'invalid_event_id',
  sellerId: 'invalid_seller_id',
  campaignId: 'invalid_campaign_id',
  amountMicros: 'invalid_amount',
  occurredAt: 'invalid_time',
};

export function validateSpendEvent(
  raw: unknown,
  index: number,
  nowMs: number,
  currency: string,
): ValidSpendEvent | RejectedSpendEvent {
  const reject = (code: string, field: string | undefined, message: string) => ({
    index,
    code,
    ...(field ? { field } : {}),
    message,
  });
  const parsed = spendEventSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === 'unrecognized_keys') {
      return reject('unknown_field', issue.keys[0], `Unknown field "${issue.keys[0]}".`);
    }
    const field = typeof issue?.path[0] === 'string' ? issue.path[0] : undefined;
    if (!field) return reject('invalid_event', undefined, 'Each event must be a JSON object.');
    return reject(CODE_OF_FIELD[field] ?? 'invalid_event', field, `${field}: ${issue?.message}`);
  }
  const event = parsed.data;
  if (event.amountMicros > maxSpendEventMicros(currency)) {
    return reject(
      'amount_too_large',
      'amountMicros',
      `amountMicros is above the largest spend event in ${currency} (${maxSpendEventMicros(currency)}).`,
    );
  }
  const occurredAtMs = Date.parse(event.occurredAt);
  if (occurredAtMs > nowMs + MAX_SPEND_FUTURE_SKEW_MS) {
    return reject(
      'time_in_future',
      'occurredAt',
      'occurredAt is more than 5 minutes in the future.',
    );
  }
  if (occurredAtMs < nowMs - MAX_SPEND_AGE_MS) {
    return reject(
      'time_too_old',
      'occurredAt',
      `occurredAt is more than ${MAX_SPEND_AGE_DAYS} days ago: report it to the marketplace instead.`,
    );
  }
  return {
    index,
    eventId: event.eventId,
    sellerId: event.sellerId.toLowerCase(),
    campaignId: event.campaignId.toLowerCase(),
    amountMicros: event.amountMicros,
    occurredAt: new Date(occurredAtMs),
  };
}

function isCalendarInstant(text: string): boolean {
  const [, year, month, day, hour, minute, second = '0', , offsetHours = '0', offsetMinutes = '0'] =
    RFC_3339.exec(text) ?? [];
  const [y, mo, d] = [Number(year), Number(month), Number(day)];
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return (
    y >= 1 &&
    mo >= 1 &&
    mo <= 12 &&
    d >= 1 &&
    d <= daysInMonth &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    Number(offsetHours) <= 23 &&
    Number(offsetMinutes) <= 59
  );
}

export function isRejected(
  result: ValidSpendEvent | RejectedSpendEvent,
): result is RejectedSpendEvent {
  return 'code' in result;
}
