// Reading sellers as their admins and they themselves see them: the marketplace's sellers, each
// with its spend relay hold and live billing status, and one seller's billing state from its
// workflow. A workflow is read only for a self-service seller, and waited for at most 2 s.
import type { Database } from '../db/client';
import { DomainError } from '../domain/errors';
import { afterCursor, PAGE_ORDER, pageOf, type PageRequest } from '../domain/pagination';
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
    const state = await readableState(deps, seller);
    const billingStatus = state === 'unavailable' ? state : (state?.status ?? null);
    items.push({ seller, hold: holdOf.get(seller.id), billingStatus });
  }
  return items;
}

/**
 * One page of the marketplace's sellers, newest first, each with its live billing state (its
 * workflows read together, each within 2 s), so a marketplace of any size pages quickly.
 */
export async function sellersPage(
  deps: SellerQueryDependencies,
  marketplaceId: string,
  request: PageRequest,
) {
  const rows = await deps.db.seller.findMany({
    where: { AND: [{ marketplaceId }, afterCursor(request.cursor)] },
    orderBy: PAGE_ORDER,
    take: request.limit + 1,
  });
  const { items, nextCursor } = pageOf(rows, request.limit);
  const states = await Promise.all(items.map((seller) => readableState(deps, seller)));
  return { items: items.map((seller, i) => ({ seller, state: states[i] ?? null })), nextCursor };
}

/** One seller's unreadable workflow is shown as such; it never fails the whole list. */
function readableState(
  deps: SellerQueryDependencies,
  seller: Seller,
): Promise<BillingStateView | null | 'unavailable'> {
  return liveState(deps, seller).catch(() => 'unavailable' as const);
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
