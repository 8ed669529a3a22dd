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

/** A credit or a refund as one line of the pages' history. */
export interface CreditNoteLine {
  kind: 'credit' | 'refund';
  id: string;
  sellerId: string;
  createdAt: Date;
  /** What a credit took off (what was asked while pending), or what a refund gave back. */
  amountMinor: number;
  currency: string;
  reason: string;
  creditNoteNumber: number | null;
}

/** The owner's latest credits and refunds together, newest first. */
export async function latestCreditNoteLines(
  db: Database,
  owner: HistoryOwner,
  limit: number,
): Promise<CreditNoteLine[]> {
  const [credits, refunds] = await Promise.all([
    creditsPage(db, owner, { limit }),
    refundsPage(db, owner, { limit }),
  ]);
  const lines: CreditNoteLine[] = [
    ...credits.items.map((credit) => ({
      kind: 'credit' as const,
      ...credit,
      amountMinor: Number(credit.appliedMinor ?? credit.requestedMinor),
    })),
    ...refunds.items.map((refund) => ({
      kind: 'refund' as const,
      ...refund,
      amountMinor: Number(refund.amountMinor),
    })),
  ];
  return lines.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, limit);
}
