// Checks one reported spend event's shape. Pure: what exists in the database is checked later.

export interface SpendEventInput {
  eventId: string;
  sellerId: string;
  campaignId: string;
  amountMicros: number;
  occurredAt: string;
}

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

export function validateSpendEvent(
  raw: unknown,
  index: number,
  nowMs: number,
): ValidSpendEvent | RejectedSpendEvent {
  const reject = (code: string, field: string, message: string): RejectedSpendEvent => ({
    index,
    code,
    field,
    message,
  });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { index, code: 'invalid_event', message: 'Each event must be a JSON object.' };
  }
  const event = raw as Record<string, unknown>;
  const unknownField = Object.keys(event).find(
    (key) => !['eventId', 'sellerId', 'campaignId', 'amountMicros', 'occurredAt'].includes(key),
  );
  if (unknownField) return reject('unknown_field', unknownField, `Unknown field "${unknownField}".`);
  const { eventId, sellerId, campaignId, amountMicros, occurredAt } = event;
  if (typeof eventId !== 'string' || eventId.length < 1 || eventId.length > 128) {
    return reject('invalid_event_id', 'eventId', 'eventId must be a string of 1 to 128 characters.');
  }
  if (typeof sellerId !== 'string' || !UUID.test(sellerId)) {
    return reject('invalid_seller_id', 'sellerId', 'sellerId must be a seller id (UUID).');
  }
  if (typeof campaignId !== 'string' || !UUID.test(campaignId)) {
    return reject('invalid_campaign_id', 'campaignId', 'campaignId must be a campaign id (UUID).');
  }
  if (typeof amountMicros !== 'number' || !Number.isSafeInteger(amountMicros) || amountMicros <= 0) {
    return reject('invalid_amount', 'amountMicros', 'amountMicros must be a positive safe integer.');
  }
  const occurredAtMs = typeof occurredAt === 'string' && ISO_8601.test(occurredAt) ? Date.parse(occurredAt) : NaN;
  if (Number.isNaN(occurredAtMs)) {
    return reject('invalid_time', 'occurredAt', 'occurredAt must be an ISO-8601 date-time with a zone.');
  }
  if (occurredAtMs > nowMs + MAX_FUTURE_SKEW_MS) {
    return reject('time_in_future', 'occurredAt', 'occurredAt is more than 5 minutes in the future.');
  }
  return {
    index,
    eventId,
    sellerId: sellerId.toLowerCase(),
    campaignId: campaignId.toLowerCase(),
    amountMicros,
    occurredAt: new Date(occurredAtMs),
  };
}

export function isRejected(result: ValidSpendEvent | RejectedSpendEvent): result is RejectedSpendEvent {
  return 'code' in result;
}
