// Payment history (R9): a marketplace's or a seller's payments, filtered by seller, status and
// dates, newest first, each with what was refunded of it (R14); and one payment by id.
import type { Database } from '../db/client';
import { afterCursor, PAGE_ORDER, pageOf, type PageRequest } from '../domain/pagination';
import type { Payment, Prisma } from '../generated/prisma';

/** A payment with the refunds that gave money back (the gateway took them, R14). */
export type PaymentWithRefunds = Payment & { refunds: Array<{ amountMinor: bigint }> };

const REFUNDED = {
  refunds: {
    where: { status: { in: ['succeeded', 'processing'] } },
    select: { amountMinor: true },
  },
} satisfies Prisma.PaymentInclude;

/** The minor units refunded of a payment. */
export function refundedMinorOf(payment: PaymentWithRefunds): number {
  return payment.refunds.reduce((sum, refund) => sum + Number(refund.amountMinor), 0);
}

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
    include: REFUNDED,
  });
  return pageOf(rows, filter.limit);
}

export function paymentById(db: Database, paymentId: string): Promise<Payment | null> {
  return db.payment.findUnique({ where: { id: paymentId } });
}
