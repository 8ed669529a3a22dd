// Changing a marketplace's Payments settings (R1–R3, R8): self-service switches on only when
// Stripe can charge (R1); currency and time zone are locked while any seller is self-service; a
// new default credit limit reaches every self-service seller without an override.
import type { Database } from '../db/client';
import { DomainError } from '../domain/errors';
import type { Marketplace } from '../generated/prisma';
import type { SellerBillingClient } from '../temporal/seller-billing-client';
import type { PaymentSettingsChange } from './payment-settings-schema';
import { assertCanEnableSelfService } from './self-service-guard';

export interface SettingsDependencies {
  db: Database;
  billing: Pick<SellerBillingClient, 'signalCreditLimitChanged'>;
}

export async function changePaymentSettings(
  deps: SettingsDependencies,
  marketplace: Marketplace,
  change: PaymentSettingsChange,
): Promise<Marketplace> {
  const { db, billing } = deps;
  if (change.selfServiceEnabled && !marketplace.selfServiceEnabled) {
    await assertCanEnableSelfService(db, marketplace.id);
  }
  await assertSettingsUnlocked(db, marketplace, change);
  const updated = await db.marketplace.update({ where: { id: marketplace.id }, data: change });
  if (
    change.defaultCreditLimitMinor !== undefined &&
    BigInt(change.defaultCreditLimitMinor) !== marketplace.defaultCreditLimitMinor
  ) {
    const sellers = await db.seller.findMany({
      where: {
        marketplaceId: marketplace.id,
        billingMode: 'self_service',
        creditLimitOverrideMinor: null,
      },
      select: { id: true },
    });
    for (const seller of sellers) {
      await billing.signalCreditLimitChanged(
        marketplace.id,
        seller.id,
        change.defaultCreditLimitMinor,
      );
    }
  }
  return updated;
}

/**
 * Currency and time zone are fixed in each running billing workflow (charges and cycles depend on
 * them), so they change only while no seller is self-service.
 */
async function assertSettingsUnlocked(
  db: Database,
  marketplace: { id: string; currency: string; timeZone: string },
  change: PaymentSettingsChange,
): Promise<void> {
  const field =
    change.currency !== undefined && change.currency !== marketplace.currency
      ? 'currency'
      : change.timeZone !== undefined && change.timeZone !== marketplace.timeZone
        ? 'timeZone'
        : null;
  if (!field) return;
  const selfService = await db.seller.count({
    where: { marketplaceId: marketplace.id, billingMode: 'self_service' },
  });
  if (selfService > 0) {
    throw new DomainError(
      409,
      'settings_locked',
      `The ${field === 'currency' ? 'currency' : 'time zone'} cannot change while the marketplace has self-service sellers.`,
      field,
    );
  }
}
