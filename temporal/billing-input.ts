// What a seller's billing workflow is given from the database: its start input, and the limit and
// settings a billing command carries, both read from the seller row with its marketplace.
import type { Database } from '../db/client';
import type { Marketplace, Seller } from '../generated/prisma';
import type { BillingConfig, SellerBillingInput } from '../workflows/messages';

export type SellerWithMarketplace = Seller & { marketplace: Marketplace };

/** The limit in force for the seller: its override, or the marketplace default. */
function creditLimitMinorOf(seller: SellerWithMarketplace): number {
  return Number(seller.creditLimitOverrideMinor ?? seller.marketplace.defaultCreditLimitMinor);
}

export function billingInputOf(seller: SellerWithMarketplace): SellerBillingInput {
  const { marketplace } = seller;
  return {
    marketplaceId: marketplace.id,
    sellerId: seller.id,
    creditLimitMinor: creditLimitMinorOf(seller),
    names: { seller: seller.name, marketplace: marketplace.name },
    settings: {
      currency: marketplace.currency,
      timeZone: marketplace.timeZone,
      minimumChargeMinor: marketplace.minimumChargeMinor,
      dunningScheduleDays: marketplace.dunningScheduleDays,
      spendAlertPercent: marketplace.spendAlertPercent,
    },
  };
}

export function billingConfigOf(seller: SellerWithMarketplace): BillingConfig {
  const { marketplace } = seller;
  return {
    version: Number(seller.billingConfigVersion),
    creditLimitMinor: creditLimitMinorOf(seller),
    minimumChargeMinor: marketplace.minimumChargeMinor,
    dunningScheduleDays: marketplace.dunningScheduleDays,
    spendAlertPercent: marketplace.spendAlertPercent,
  };
}

/** The workflow input for a seller, from the marketplace settings and the seller's override. */
export async function sellerBillingInput(
  db: Database,
  marketplaceId: string,
  sellerId: string,
): Promise<SellerBillingInput> {
  const seller = await db.seller.findFirstOrThrow({
    where: { id: sellerId, marketplaceId },
    include: { marketplace: true },
  });
  return billingInputOf(seller);
}
