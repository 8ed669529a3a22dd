// A marketplace and its Payments settings as the API shows them (money as integers), and the
// schema of that view.
import { z } from 'zod';
import type { Marketplace } from '../../generated/prisma';
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
});

export function marketplaceView(marketplace: Marketplace) {
  return {
    id: marketplace.id,
    name: marketplace.name,
    paymentsEnabled: marketplace.paymentsEnabled,
    selfServiceEnabled: marketplace.selfServiceEnabled,
    currency: marketplace.currency,
    timeZone: marketplace.timeZone,
    defaultCreditLimitMinor: Number(marketplace.defaultCreditLimitMinor),
    minimumChargeMinor: marketplace.minimumChargeMinor,
    dunningScheduleDays: marketplace.dunningScheduleDays,
    spendAlertPercent: marketplace.spendAlertPercent,
    invitationMode: marketplace.invitationMode,
    adminEmail: marketplace.adminEmail,
  };
}
