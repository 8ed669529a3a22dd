// Payment history (R9): a marketplace's or a seller's payments, filtered by seller, status and
// dates, newest first; and one payment by id.
import type { Database } from '../db/client';
import { afterCursor, PAGE_ORDER, pageOf, type PageRequest } from '../domain/pagination';
import type { Payment } from '../generated/prisma';

export interface PaymentFilter extends PageRequest {
  status?: string | undefined;
  /** ISO instants: from inclusive, to exclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

export async function paymentsPage(
  db: Database,
  owner: { marketplaceId?: string; sellerId?: string | undefined },
  filter: PaymentFilter,
) {
  const rows = await db.payment.findMany({
    where: {
      AND: [
        owner,
        filter.status ? { status: filter.status } : {},
        filter.from ? { createdAt: { gte: new Date(filter.from) } } : {},
        filter.to ? { createdAt: { lt: new Date(filter.to) } } : {},
        afterCursor(filter.cursor),
      ],
    },
    orderBy: PAGE_ORDER,
    take: filter.limit + 1,
  });
  return pageOf(rows, filter.limit);
}

export function paymentById(db: Database, paymentId: string): Promise<Payment | null> {
  return db.payment.findUnique({ where: { id: paymentId } });
}
