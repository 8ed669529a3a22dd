// Credit-note numbers (R14): one sequence per marketplace for credits and refunds alike, beside
// the receipt numbers. A number is taken in the transaction that records the credit or refund as
// done, so none is skipped or given twice.
import type { Prisma } from '../generated/prisma';

export async function takeCreditNoteNumber(
  tx: Prisma.TransactionClient,
  marketplaceId: string,
): Promise<number> {
  const marketplace = await tx.marketplace.update({
    where: { id: marketplaceId },
    data: { nextCreditNoteNumber: { increment: 1 } },
    select: { nextCreditNoteNumber: true },
  });
  return marketplace.nextCreditNoteNumber - 1;
}
