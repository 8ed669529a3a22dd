// A marketplace and its Payments settings as its admins see them, money as integers.
import type { Marketplace } from '../generated/prisma';

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
    creditLadderEnabled: marketplace.creditLadderEnabled,
    creditLadderStepsMinor: marketplace.creditLadderStepsMinor,
    creditLadderChargesPerStep: marketplace.creditLadderChargesPerStep,
  };
}
