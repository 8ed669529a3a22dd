// What a principal may see: a marketplace it administers (any, for the platform) and a seller it
// is or administers. Anything outside its scope is not found, never forbidden, so ids of other
// marketplaces and sellers don't leak. The API's routes check every caller with these.
import { z } from 'zod';
import type { Database } from '../db/client';
import { notFoundError } from '../domain/errors';
import type { Principal } from './api-keys';

export const isUuid = (id: string) => z.uuid().safeParse(id).success;

/** The marketplace if the principal administers it or is the platform. */
export async function marketplaceInScope(
  db: Database,
  principal: Principal,
  marketplaceId: string,
) {
  const inScope = principal.role === 'platform' || principal.marketplaceId === marketplaceId;
  const marketplace =
    inScope && isUuid(marketplaceId)
      ? await db.marketplace.findUnique({ where: { id: marketplaceId } })
      : null;
  if (!marketplace) throw notFoundError('Marketplace');
  return marketplace;
}

/** The seller, with its marketplace, if the principal is that seller or administers it. */
export async function sellerInScope(db: Database, principal: Principal, sellerId: string) {
  const seller = isUuid(sellerId)
    ? await db.seller.findUnique({ where: { id: sellerId }, include: { marketplace: true } })
    : null;
  if (!seller || !covers(principal, seller)) throw notFoundError('Seller');
  return seller;
}

/** The seller of this marketplace (not found when it belongs to another). */
export async function sellerOfMarketplace(db: Database, marketplaceId: string, sellerId: string) {
  const seller = isUuid(sellerId)
    ? await db.seller.findFirst({ where: { id: sellerId, marketplaceId } })
    : null;
  if (!seller) throw notFoundError('Seller');
  return seller;
}

/** Whether the principal's scope covers something a seller or a marketplace owns. */
export function covers(
  principal: Principal,
  owned: { marketplaceId: string; sellerId?: string; id?: string },
): boolean {
  if (principal.role === 'seller') return principal.sellerId === (owned.sellerId ?? owned.id);
  return principal.marketplaceId === owned.marketplaceId;
}
