// Reading sellers as their admins and they themselves see them: the marketplace's sellers, each
// with its spend relay hold, unsignalled spend and live billing status, and one seller's billing
// state from its workflow, its unbilled spend including what the relay has not signalled yet. A
// workflow is read only for a self-service seller, and a page waits for all of its sellers'
// workflows together at most the client's call timeout (the API's: 1.5 s).
import type { Database } from '../db/client';
import { DomainError } from '../domain/errors';
import { afterCursor, PAGE_ORDER, pageOf, type PageRequest } from '../domain/pagination';
import type { Seller, SpendRelayHold } from '../generated/prisma';
import { unsignalledSpendMicros } from '../spend/unsignalled-spend';
import {
  BillingUnavailableError,
  type SellerBillingClient,
} from '../temporal/seller-billing-client';
import type { BillingStateView } from '../workflows/messages';

export interface SellerQueryDependencies {
  db: Database;
  billing: Pick<SellerBillingClient, 'state' | 'callTimeoutMs'>;
}

export interface SellerListItem {
  seller: Seller;
  hold: SpendRelayHold | undefined;
  /** Ledger spend the workflow has not been told of yet (spend/unsignalled-spend.ts). */
  pendingSignalMicros: number;
  billingStatus: BillingStateView['status'] | 'unavailable' | null;
  /** The workflow's unbilled spend plus the unsignalled; null when the workflow was not read. */
  unbilledMicros: number | null;
}

/** How many workflows a page reads at once. */
const STATE_READ_CONCURRENCY = 16;

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
  const states = await liveStates(deps, sellers);
  return sellers.map((seller, i) => {
    const { state, pendingSignalMicros } = states[i] as LiveState;
    return {
      seller,
      hold: holdOf.get(seller.id),
      pendingSignalMicros,
      billingStatus: state === 'unavailable' ? state : (state?.status ?? null),
      unbilledMicros: state === 'unavailable' ? null : (state?.unbilledMicros ?? null),
    };
  });
}

/**
 * One page of the marketplace's sellers, newest first, each with its live billing state, so a
 * marketplace of any size pages quickly.
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
  const states = await liveStates(deps, items);
  return {
    items: items.map((seller, i) => ({ seller, state: (states[i] as LiveState).state })),
    nextCursor,
  };
}

interface LiveState {
  /** Null when the seller is not self-service; 'unavailable' when its workflow did not answer. */
  state: BillingStateView | null | 'unavailable';
  pendingSignalMicros: number;
}

/**
 * The sellers' live billing states, their workflows read 16 at a time and all within the client's call timeout (the API's: 1.5 s), each
 * state's unbilled spend counting what the relay has not signalled. One seller's unreadable
 * workflow is shown as such; it never fails the whole list.
 */
async function liveStates(deps: SellerQueryDependencies, sellers: Seller[]): Promise<LiveState[]> {
  const pendingOf = await unsignalledSpendMicros(
    deps.db,
    sellers.map((seller) => seller.id),
  );
  const readBy = Date.now() + deps.billing.callTimeoutMs;
  const states: LiveState[] = [];
  for (let start = 0; start < sellers.length; start += STATE_READ_CONCURRENCY) {
    const chunk = sellers.slice(start, start + STATE_READ_CONCURRENCY);
    const read = chunk.map(async (seller): Promise<LiveState> => {
      const pendingSignalMicros = pendingOf.get(seller.id) ?? 0;
      try {
        const state = await liveState(deps, seller, readBy - Date.now());
        return {
          state: state && { ...state, unbilledMicros: state.unbilledMicros + pendingSignalMicros },
          pendingSignalMicros,
        };
      } catch {
        return { state: 'unavailable', pendingSignalMicros };
      }
    });
    states.push(...(await Promise.all(read)));
  }
  return states;
}

/**
 * The seller's live billing state (null when it is not self-service or has no workflow), whose
 * `unbilledMicros` counts the unsignalled spend too, and its spend relay hold.
 */
export async function sellerBilling(
  deps: SellerQueryDependencies,
  seller: Seller,
): Promise<{
  state: BillingStateView | null;
  hold: SpendRelayHold | undefined;
  pendingSignalMicros: number;
}> {
  const state = await liveState(deps, seller, deps.billing.callTimeoutMs).catch(
    (error: unknown) => {
      // Temporal away or the workflow silent are already said; any other failure is the workflow's.
      throw error instanceof DomainError ? error : new BillingUnavailableError(error);
    },
  );
  const hold = await deps.db.spendRelayHold.findUnique({ where: { sellerId: seller.id } });
  const pendingSignalMicros =
    (await unsignalledSpendMicros(deps.db, [seller.id])).get(seller.id) ?? 0;
  return {
    state: state && { ...state, unbilledMicros: state.unbilledMicros + pendingSignalMicros },
    hold: hold ?? undefined,
    pendingSignalMicros,
  };
}

/** The seller's workflow state within `withinMs`; a page past its time reads no more. */
async function liveState(deps: SellerQueryDependencies, seller: Seller, withinMs: number) {
  if (seller.billingMode !== 'self_service') return null;
  if (withinMs <= 0) throw new BillingUnavailableError();
  return deps.billing.state(seller.marketplaceId, seller.id, { withinMs });
}
