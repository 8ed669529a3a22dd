// The reads credits and refunds share (R14): a seller's and a marketplace's list, newest first in
// cursor pages, and each one's credit note (PDF) for its seller and the marketplace's admins.
import type { Router } from 'express';
import type { ApiDependencies } from '../app';
import type { HistoryOwner } from '../../credits/history';
import type { PageRequest } from '../../domain/pagination';
import { creditNoteFile, type CreditNoteKind } from '../../receipts/credit-note-pdf';
import { principalOf } from '../auth';
import { ApiError, notFound } from '../errors';
import { pageQuerySchema } from '../pagination';
import { covers, isUuid, scopedMarketplace, scopedSeller } from '../scope';
import { parseQuery } from '../validation';
import { receiptQuerySchema } from './receipts';

type Database = ApiDependencies['db'];
type Owned = { id: string; marketplaceId: string; sellerId: string };

export interface CreditHistory<T extends Owned> {
  /** The path segment and the list's key: `credits` or `refunds`. */
  plural: 'credits' | 'refunds';
  kind: CreditNoteKind;
  /** What a person calls one, in a not-found message. */
  what: string;
  page(
    db: Database,
    owner: HistoryOwner,
    page: PageRequest,
  ): Promise<{ items: T[]; nextCursor: string | null }>;
  byId(db: Database, id: string): Promise<T | null>;
  view(row: T): unknown;
}

export function addCreditHistoryRoutes<T extends Owned>(
  router: Router,
  db: Database,
  history: CreditHistory<T>,
): void {
  const { plural } = history;
  const list = async (owner: HistoryOwner, query: unknown) => {
    const { items, nextCursor } = await history.page(db, owner, parseQuery(pageQuerySchema, query));
    return { [plural]: items.map((row) => history.view(row)), nextCursor };
  };

  router.get(`/sellers/:id/${plural}`, async (req, res) => {
    const { seller } = await scopedSeller(db, req, req.params.id, 'seller', 'marketplace_admin');
    res.json(await list({ sellerId: seller.id }, req.query));
  });

  router.get(`/marketplaces/:id/${plural}`, async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    res.json(await list({ marketplaceId: marketplace.id }, req.query));
  });

  router.get(`/${plural}/:id/credit-note.pdf`, async (req, res) => {
    const principal = principalOf(req, 'seller', 'marketplace_admin');
    const row = isUuid(req.params.id) ? await history.byId(db, req.params.id) : null;
    if (!row || !covers(principal, row)) throw notFound(history.what);
    const { download } = parseQuery(receiptQuerySchema, req.query);
    const file = await creditNoteFile(db, history.kind, row.id, download === 'true');
    if (!file) {
      throw new ApiError(
        404,
        'no_credit_note',
        'It has not taken effect yet, so it has no credit note.',
      );
    }
    res.status(200).set(file.headers).send(file.pdf);
  });
}
