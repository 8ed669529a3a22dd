// Scope checks shared by the routes: a resource outside the caller's key answers 404 (never
// 403), so ids of other marketplaces and sellers don't leak.
import type { Request } from 'express';
import { z } from 'zod';
import type { Database } from '../db/client';
import type { Principal } from '../access/api-keys';
import { principalOf } from './auth';
import { notFound } from './errors';

export const isUuid = (id: string) => z.uuid().safeParse(id).success;

/** The marketplace if the caller administers it (or is the platform, when allowed). */
export async function scopedMarketplace(
  db: Database,
  req: Request,
  marketplaceId: string,
  ...roles: ('marketplace_admin' | 'platform')[]
) {
  const principal = principalOf(req, ...roles);
  const inScope = principal.role === 'platform' || principal.marketplaceId === marketplaceId;
  const marketplace =
    inScope && isUuid(marketplaceId)
      ? await db.marketplace.findUnique({ where: { id: marketplaceId } })
      : null;
  if (!marketplace) throw notFound('Marketplace');
  return { principal, marketplace };
}

/** The seller if the caller is that seller or an admin of its marketplace. */
export async function scopedSeller(
  db: Database,
  req: Request,
  sellerId: string,
  ...roles: ('seller' | 'marketplace_admin')[]
) {
  const principal = principalOf(req, ...roles);
  const seller = isUuid(sellerId)
    ? await db.seller.findUnique({ where: { id: sellerId }, include: { marketplace: true } })
    : null;
  if (!seller || !covers(principal, seller)) throw notFound('Seller');
  return { principal, seller };
}

/** The seller of a marketplace the caller administers (404 when it belongs elsewhere). */
export async function sellerOfMarketplace(db: Database, marketplaceId: string, sellerId: string) {
  const seller = isUuid(sellerId)
    ? await db.seller.findFirst({ where: { id: sellerId, marketplaceId } })
    : null;
  if (!seller) throw notFound('Seller');
  return seller;
}

export function covers(
  principal: Principal,
  owned: { marketplaceId: string; sellerId?: string; id?: string },
): boolean {
  if (principal.role === 'seller') return principal.sellerId === (owned.sellerId ?? owned.id);
  return principal.marketplaceId === owned.marketplaceId;
}
