// The schema of a marketplace and its Payments settings as the API answers them; the value
// itself is built by marketplaces/views.ts.
import { z } from 'zod';
import { amountSchema, currencyOutSchema, idSchema } from '../response-schemas';

export const marketplaceSchema = z.strictObject({
  id: idSchema,
  name: z.string(),
  paymentsEnabled: z.boolean(),
  selfServiceEnabled: z.boolean(),
  currency: currencyOutSchema,
  timeZone: z.string(),
  defaultCreditLimitMinor: amountSchema.min(0),
  minimumChargeMinor: amountSchema.min(0),
  dunningScheduleDays: z.array(z.int().min(1)),
  spendAlertPercent: z.int().min(1).max(100),
  invitationMode: z.enum(['self_service', 'managed']),
  adminEmail: z.email().nullable(),
  creditLadderEnabled: z.boolean(),
  creditLadderStepsMinor: z.array(amountSchema.min(1)),
  creditLadderChargesPerStep: z.int().min(1),
});
