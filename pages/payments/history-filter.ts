// The payment history's filters as a page takes them: a status, and calendar days from and to
// (both included) in the marketplace's time zone, turned into the instants the query filters on.
import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import { startOfLocalDay } from '../../rules';
import type { PaymentFilter } from '../../payments/history';

export const PAYMENT_STATUSES = ['succeeded', 'failed', 'requires_action'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
  .optional()
  .or(z.literal('').transform(() => undefined));

const filterQuery = z.object({
  status: z
    .enum(PAYMENT_STATUSES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  from: day,
  to: day,
  cursor: z.string().max(200).optional(),
});

/** What the form shows back: the fields as the person chose them. */
export interface HistoryChoice {
  status: string;
  from: string;
  to: string;
}

export function historyFilterOf(
  query: unknown,
  timeZone: string,
): { choice: HistoryChoice; filter: Omit<PaymentFilter, 'limit'> } {
  const parsed = filterQuery.safeParse(query);
  if (!parsed.success) throw new DomainError(400, 'invalid_request', 'Invalid filter');
  const { status, from, to, cursor } = parsed.data;
  return {
    choice: { status: status ?? '', from: from ?? '', to: to ?? '' },
    filter: {
      status,
      from: from === undefined ? undefined : dayStart(from, 0, timeZone),
      to: to === undefined ? undefined : dayStart(to, 1, timeZone),
      cursor,
    },
  };
}

/** The ISO instant of local midnight, `after` days after the given calendar day. */
function dayStart(value: string, after: number, timeZone: string): string {
  const [year, month, date] = value.split('-').map(Number) as [number, number, number];
  return new Date(startOfLocalDay(year, month, date + after, timeZone)).toISOString();
}

/** The filter as a query string, for the CSV link and the next page. */
export function choiceQuery(choice: HistoryChoice, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...choice, ...extra })) {
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}
