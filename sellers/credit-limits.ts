// A seller's credit-limit override (R8): set or removed (the marketplace default applies again).
// A self-service seller's workflow holds the new limit pending until its next cycle; any other
// seller gets it when it becomes self-service.
import type { Database } from '../db/client';
import type { Marketplace, Seller } from '../generated/prisma';
import type { SellerBillingClient } from '../temporal/seller-billing-client';

export interface CreditLimitDependencies {
  db: Database;
  billing: Pick<SellerBillingClient, 'signalCreditLimitChanged'>;
}

export interface CreditLimitChange {
  /** The limit the seller gets: the override, or the marketplace default without one. */
  creditLimitMinor: number;
  appliesFrom: 'next_cycle' | 'when_self_service';
}

export async function setCreditLimitOverride(
  deps: CreditLimitDependencies,
  marketplace: Marketplace,
  seller: Seller,
  overrideMinor: number | null,
): Promise<CreditLimitChange> {
  await deps.db.seller.update({
    where: { id: seller.id },
    data: { creditLimitOverrideMinor: overrideMinor === null ? null : BigInt(overrideMinor) },
  });
  const creditLimitMinor = overrideMinor ?? Number(marketplace.defaultCreditLimitMinor);
  if (seller.billingMode !== 'self_service') {
    return { creditLimitMinor, appliesFrom: 'when_self_service' };
  }
  await deps.billing.signalCreditLimitChanged(marketplace.id, seller.id, creditLimitMinor);
  return { creditLimitMinor, appliesFrom: 'next_cycle' };
}
