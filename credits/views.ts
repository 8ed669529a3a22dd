// Credits and refunds as admins and sellers see them: money as integers in minor units, instants
// as ISO 8601 strings, and where each credit note is read once it has one.
import type { Credit, Refund } from '../generated/prisma';

export function creditView(credit: Credit) {
  return {
    id: credit.id,
    sellerId: credit.sellerId,
    status: credit.status,
    requestedMinor: Number(credit.requestedMinor),
    appliedMinor: credit.appliedMinor === null ? null : Number(credit.appliedMinor),
    currency: credit.currency,
    reason: credit.reason,
    creditNoteNumber: credit.creditNoteNumber,
    creditNoteUrl:
      credit.creditNoteNumber === null ? null : `/v1/credits/${credit.id}/credit-note.pdf`,
    createdAt: credit.createdAt.toISOString(),
    appliedAt: credit.appliedAt?.toISOString() ?? null,
  };
}

export function refundView(refund: Refund) {
  return {
    id: refund.id,
    sellerId: refund.sellerId,
    paymentId: refund.paymentId,
    status: refund.status,
    amountMinor: Number(refund.amountMinor),
    currency: refund.currency,
    reason: refund.reason,
    failureCode: refund.failureCode,
    creditNoteNumber: refund.creditNoteNumber,
    creditNoteUrl:
      refund.creditNoteNumber === null ? null : `/v1/refunds/${refund.id}/credit-note.pdf`,
    createdAt: refund.createdAt.toISOString(),
  };
}
