// The zod building blocks request schemas share, so no field takes what PostgreSQL cannot store
// (rules/text-characters.ts, rules/storable.ts): text with a NUL character, an instant or a date
// outside the years 0001–9999.
import { z } from 'zod';
import { isStorableInstant } from '../rules';

export { nameSchema, text } from '../domain/text-schemas';

const STORABLE_DATE = { message: 'must be a date in the years 0001–9999' };

/** An ISO 8601 instant in UTC, e.g. 2026-11-28T09:30:00Z. */
export const instantSchema = z.iso
  .datetime()
  .refine((value) => isStorableInstant(Date.parse(value)), STORABLE_DATE);

/** An ISO 8601 calendar date, e.g. 2026-11-28. */
export const calendarDateSchema = z.iso
  .date()
  .refine((value) => isStorableInstant(Date.parse(value)), STORABLE_DATE);
