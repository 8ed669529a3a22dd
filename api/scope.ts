// Scope checks shared by the routes: the caller's role from its key, then the scope rules of
// access/scope.ts. A resource outside the caller's key answers 404 (never 403), so ids of other
// marketplaces and sellers don't leak.
import type { Request } from 'express';
import type { Database } from '../db/client';
import { marketplaceInScope, sellerInScope } from '../access/scope';
import { principalOf } from './auth';

export { covers, isUuid, sellerOfMarketplace } from '../access/scope';

/** The marketplace if the caller administers it (or is the platform, when allowed). */
export async function scopedMarketplace(
  db: Database,
  req: Request,
  marketplaceId: string,
  ...roles: ('marketplace_admin' | 'platform')[]
) {
  const principal = principalOf(req, ...roles);
  return { principal, marketplace: await marketplaceInScope(db, principal, marketplaceId) };
}

/** The seller if the caller is that seller or an admin of its marketplace. */
export async function scopedSeller(
  db: Database,
  req: Request,
  sellerId: string,
  ...roles: ('seller' | 'marketplace_admin')[]
) {
  const principal = principalOf(req, ...roles);
  return { principal, seller: await sellerInScope(db, principal, sellerId) };
}
