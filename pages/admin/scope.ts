// Which marketplace an admin page is about: the session's own, for an admin session; any other
// session or marketplace finds nothing (404), as with the API's keys.
import type { Request } from 'express';
import { notFoundError } from '../../domain/errors';
import type { Database } from '../../db/client';
import { marketplaceWithConnection } from '../../payments/connect';
import { signedIn } from '../context';

export async function adminsMarketplace(db: Database, req: Request, marketplaceId?: string) {
  const page = signedIn(req);
  const { scope } = page.session;
  if (scope.role !== 'marketplace_admin') throw notFoundError('Page');
  if (marketplaceId !== undefined && scope.marketplaceId !== marketplaceId) {
    throw notFoundError('Page');
  }
  return { page, marketplace: await marketplaceWithConnection(db, scope.marketplaceId) };
}
