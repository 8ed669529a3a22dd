// Whose page it is: a seller's pages are its own session's only, a marketplace's pages its
// admin session's only; any other id finds nothing (404), as the API's scope rules answer.
import type { Request } from 'express';
import { z } from 'zod';
import type { Database } from '../db/client';
import { notFoundError } from '../domain/errors';
import { marketplaceWithConnection } from '../payments/connect';
import { sellerWithConnection } from '../payments/card-owners';
import { signedIn } from './context';

export async function ownSeller(db: Database, req: Request<{ id: string }>) {
  const page = signedIn(req);
  const { scope } = page.session;
  if (scope.role !== 'seller' || scope.sellerId !== req.params.id) {
    throw notFoundError('Seller');
  }
  return { page, seller: await sellerWithConnection(db, scope.sellerId) };
}

/** The admin session's marketplace; with `marketplaceId`, only when it is that one. */
export async function adminsMarketplace(db: Database, req: Request, marketplaceId?: string) {
  const page = signedIn(req);
  const { scope } = page.session;
  if (scope.role !== 'marketplace_admin') throw notFoundError('Page');
  if (marketplaceId !== undefined && scope.marketplaceId !== marketplaceId) {
    throw notFoundError('Page');
  }
  return { page, marketplace: await marketplaceWithConnection(db, scope.marketplaceId) };
}

export function ownMarketplace(db: Database, req: Request<{ id: string }>) {
  return adminsMarketplace(db, req, req.params.id);
}

/** An id from the path: one that is not a UUID names nothing. */
export function pathId(id: string): string {
  if (!z.uuid().safeParse(id).success) throw notFoundError('Page');
  return id;
}
