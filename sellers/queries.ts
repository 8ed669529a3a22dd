// Reading sellers as their admins and they themselves see them: a page of the marketplace's
// sellers, each with its spend relay hold, unsignalled spend and billing from the billing
// projection (no workflow is asked), and one seller's billing state from its workflow, its
// unbilled spend including what the relay has not signalled yet. A workflow is read only for a
// self-service seller, within the client's call timeout (the API's: 1.5 s).
import type { Database } from '../db/client';
import { DomainError } from '../domain/errors';
import { afterCursor, PAGE_ORDER, pageOf, type PageRequest } from '../domain/pagination';
import type { Seller, SellerBillingProjection, SpendRelayHold } from '../generated/prisma';
import { unsignalledSpendMicros } from '../spend/unsignalled-spend';
import {
  BillingUnavailableError,
  type SellerBillingClient,
} from '../temporal/seller-billing-client';
import type { BillingStateView, BillingStatus } from '../workflows/messages';

export interface SellerQueryDependencies {
  db: Database;
  billing: Pick<SellerBillingClient, 'state' | 'callTimeoutMs'>;
}

/** What the list shows of a seller's billing, from the billing projection. */
export interface ListedBilling {
  /** The workflow's status, or `terminated` once visibility or a delivery showed it closed. */
  status: BillingStateView['status'] | 'terminated';
  creditLimitMinor: number;
  pendingCreditLimitMinor: number | null;
  /** The reported unbilled spend plus the unsignalled. */
  unbilledMicros: number;
  cycleEndsAt: Date;
}

export interface SellerListItem {
  seller: Seller;
  hold: SpendRelayHold | undefined;
  /** Ledger spend the workflow has not been told of yet (spend/unsignalled-spend.ts). */
  pendingSignalMicros: number;
  /** Null when the seller is not self-service; `unavailable` while its workflow has reported
   * nothing (not started yet, or its task failing). */
  billing: ListedBilling | 'unavailable' | null;
}

/**
 * One page of the marketplace's sellers, newest first, each with its billing as the projection
 * holds it: a few queries per page, none to Temporal, whatever the marketplace's size.
 */
export async function sellersPage(
  db: Database,
  marketplaceId: string,
  request: PageRequest,
): Promise<{ items: SellerListItem[]; nextCursor: string | null }> {
  const rows = await db.seller.findMany({
    where: { AND: [{ marketplaceId }, afterCursor(request.cursor)] },
    orderBy: PAGE_ORDER,
    take: request.limit + 1,
    include: { billingProjection: true },
  });
  const { items, nextCursor } = pageOf(rows, request.limit);
  const ids = items.map((seller) => seller.id);
  const holds = await db.spendRelayHold.findMany({ where: { sellerId: { in: ids } } });
  const holdOf = new Map(holds.map((hold) => [hold.sellerId, hold]));
  const pendingOf = await unsignalledSpendMicros(db, ids);
  return {
    items: items.map(({ billingProjection, ...seller }) => {
      const pendingSignalMicros = pendingOf.get(seller.id) ?? 0;
      return {
        seller,
        hold: holdOf.get(seller.id),
        pendingSignalMicros,
        billing: listedBilling(seller, billingProjection, pendingSignalMicros),
      };
    }),
    nextCursor,
  };
}

function listedBilling(
  seller: Seller,
  projection: SellerBillingProjection | null,
  pendingSignalMicros: number,
): SellerListItem['billing'] {
  if (seller.billingMode !== 'self_service') return null;
  if (!projection) return 'unavailable';
  return {
    status: projection.closedStatus ? 'terminated' : (projection.status as BillingStatus),
    creditLimitMinor: Number(projection.creditLimitMinor),
    pendingCreditLimitMinor:
      projection.pendingCreditLimitMinor === null
        ? null
        : Number(projection.pendingCreditLimitMinor),
    unbilledMicros: Number(projection.unbilledMicros) + pendingSignalMicros,
    cycleEndsAt: projection.cycleEndsAt,
  };
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
