// Credits and refunds as the payment history shows them (R9, R14): a marketplace's or a seller's,
// newest first, paginated like the payments; and one by id.
import type { Database } from '../db/client';
import { afterCursor, PAGE_ORDER, pageOf, type PageRequest } from '../domain/pagination';

export type HistoryOwner = { marketplaceId: string } | { sellerId: string };

export async function creditsPage(db: Database, owner: HistoryOwner, page: PageRequest) {
  const rows = await db.credit.findMany({
    where: { AND: [owner, afterCursor(page.cursor)] },
    orderBy: PAGE_ORDER,
    take: page.limit + 1,
  });
  return pageOf(rows, page.limit);
}

export async function refundsPage(db: Database, owner: HistoryOwner, page: PageRequest) {
  const rows = await db.refund.findMany({
    where: { AND: [owner, afterCursor(page.cursor)] },
    orderBy: PAGE_ORDER,
    take: page.limit + 1,
  });
  return pageOf(rows, page.limit);
}

export function creditById(db: Database, creditId: string) {
  return db.credit.findUnique({ where: { id: creditId } });
}

export function refundById(db: Database, refundId: string) {
  return db.refund.findUnique({ where: { id: refundId } });
}
