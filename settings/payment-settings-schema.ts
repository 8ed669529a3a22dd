// The Payments settings an admin can change (R1–R3, R8): one strict schema, also used by the
// OpenAPI document.
import { z } from 'zod';
import {
  MAX_CREDIT_LADDER_CHARGES_PER_STEP,
  MAX_CREDIT_LADDER_STEPS,
  MAX_CREDIT_LIMIT_MINOR,
} from '../rules';

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
      .refine(increasing, { message: 'days must increase' }),
    spendAlertPercent: z.int().min(1).max(100),
    invitationMode: z.enum(['self_service', 'managed']),
    adminEmail: z.email(),
    creditLadderEnabled: z
      .boolean()
      .describe('R12: sellers without an override climb the steps after successful charges.'),
    creditLadderStepsMinor: z
      .array(creditLimitMinorSchema)
      .max(MAX_CREDIT_LADDER_STEPS)
      .refine(increasing, { message: 'steps must increase' })
      .describe(
        'R12: the credit limits above the default, increasing; the last is the highest a seller reaches.',
      ),
    creditLadderChargesPerStep: z
      .int()
      .min(1)
      .max(MAX_CREDIT_LADDER_CHARGES_PER_STEP)
      .describe('R12: consecutive successful charges that earn the next step.'),
  })
  .partial();

export type PaymentSettingsChange = z.infer<typeof paymentSettingsSchema>;

function increasing(values: number[]): boolean {
  return values.every((value, i) => i === 0 || value > (values[i - 1] ?? 0));
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
