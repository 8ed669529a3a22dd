// What a seller's billing workflow is given from the database: its start input, and the limit and
// settings a billing command carries, both read from the seller row with its marketplace.
import type { Database } from '../db/client';
import type { Marketplace, Seller } from '../generated/prisma';
import type { CreditLadder } from '../rules';
import type { BillingConfig, SellerBillingInput } from '../workflows/messages';

export type SellerWithMarketplace = Seller & { marketplace: Marketplace };

/** The limit in force for the seller: its override, or the marketplace default. */
function creditLimitMinorOf(seller: SellerWithMarketplace): number {
  return Number(seller.creditLimitOverrideMinor ?? seller.marketplace.defaultCreditLimitMinor);
}

/** R12: the marketplace's ladder, for a seller without an override (an override wins). */
function creditLadderOf(seller: SellerWithMarketplace): CreditLadder | null {
  const { marketplace } = seller;
  if (!marketplace.creditLadderEnabled || seller.creditLimitOverrideMinor !== null) return null;
  if (marketplace.creditLadderStepsMinor.length === 0) return null;
  return {
    stepsMinor: [...marketplace.creditLadderStepsMinor],
    chargesPerStep: marketplace.creditLadderChargesPerStep,
  };
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
      creditLadder: creditLadderOf(seller),
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
    creditLadder: creditLadderOf(seller),
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
