// Reading sellers as their admins and they themselves see them: the marketplace's sellers, each
// with its spend relay hold and live billing status, and one seller's billing state from its
// workflow. A workflow is read only for a self-service seller, and waited for at most 2 s.
import type { Database } from '../db/client';
import { DomainError } from '../domain/errors';
import type { Seller, SpendRelayHold } from '../generated/prisma';
import type { SellerBillingClient } from '../temporal/seller-billing-client';
import type { BillingStateView } from '../workflows/messages';

export interface SellerQueryDependencies {
  db: Database;
  billing: Pick<SellerBillingClient, 'state'>;
}

export interface SellerListItem {
  seller: Seller;
  hold: SpendRelayHold | undefined;
  billingStatus: BillingStateView['status'] | 'unavailable' | null;
}

/** How long a page waits for one workflow's answer before saying it is unavailable. */
const STATE_READ_TIMEOUT_MS = 2_000;

export async function sellersOfMarketplace(
  deps: SellerQueryDependencies,
  marketplaceId: string,
): Promise<SellerListItem[]> {
  const sellers = await deps.db.seller.findMany({
    where: { marketplaceId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const holds = await deps.db.spendRelayHold.findMany({ where: { marketplaceId } });
  const holdOf = new Map(holds.map((hold) => [hold.sellerId, hold]));
  const items: SellerListItem[] = [];
  for (const seller of sellers) {
    // One seller's unreadable workflow is shown as such; it never fails the whole list.
    const billingStatus = await liveState(deps, seller).then(
      (state) => state?.status ?? null,
      () => 'unavailable' as const,
    );
    items.push({ seller, hold: holdOf.get(seller.id), billingStatus });
  }
  return items;
}

/** The seller's live billing state (null when it is not self-service) and its spend relay hold. */
export async function sellerBilling(
  deps: SellerQueryDependencies,
  seller: Seller,
): Promise<{ state: BillingStateView | null; hold: SpendRelayHold | undefined }> {
  const state = await liveState(deps, seller).catch(() => {
    throw new DomainError(
      503,
      'billing_unavailable',
      'The billing state cannot be read right now; try again shortly.',
    );
  });
  const hold = await deps.db.spendRelayHold.findUnique({ where: { sellerId: seller.id } });
  return { state, hold: hold ?? undefined };
}

function liveState(deps: SellerQueryDependencies, seller: Seller) {
  return seller.billingMode === 'self_service'
    ? deps.billing.state(seller.marketplaceId, seller.id, { withinMs: STATE_READ_TIMEOUT_MS })
    : Promise.resolve(null);
}
