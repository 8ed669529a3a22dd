// The Payments settings an admin can change (R1–R3, R8): one strict schema, also used by the
// OpenAPI document.
import { z } from 'zod';
import { MAX_CREDIT_LIMIT_MINOR } from '../rules';

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code in capitals, e.g. USD');

export const timeZoneSchema = z.string().refine(isTimeZone, 'an IANA time zone, e.g. Europe/Paris');

/** A credit limit in the currency's minor units: at most one processor charge. */
export const creditLimitMinorSchema = z
  .int()
  .positive()
  .max(MAX_CREDIT_LIMIT_MINOR)
  .describe('Minor units of the marketplace currency, at most 99,999,999 (one card charge).');

export const paymentSettingsSchema = z
  .strictObject({
    selfServiceEnabled: z.boolean(),
    defaultCreditLimitMinor: creditLimitMinorSchema,
    currency: currencySchema,
    timeZone: timeZoneSchema,
    dunningScheduleDays: z
      .array(z.int().min(1).max(60))
      .min(1)
      .max(10)
      .refine((days) => days.every((day, i) => i === 0 || day > (days[i - 1] ?? 0)), {
        message: 'days must increase',
      }),
    spendAlertPercent: z.int().min(1).max(100),
    invitationMode: z.enum(['self_service', 'managed']),
    adminEmail: z.email(),
  })
  .partial();

export type PaymentSettingsChange = z.infer<typeof paymentSettingsSchema>;

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
