// Credit notes (R14): for a credit applied to unbilled spend or a refund the gateway took, rendered
// as PDF on request from its row. A credit note names the marketplace and seller, what it credits
// (unbilled spend, or the payment and its receipt), the amount, the reason, the date and the
// marketplace's credit-note number (its own sequence, beside the receipts').
import type { Database } from '../db/client';
import { formatMinor } from '../rules';
import { pdfHeaders, renderPdfPage } from './pdf-document';

export type CreditNoteKind = 'credit' | 'refund';

export interface CreditNote {
  kind: CreditNoteKind;
  creditNoteNumber: number;
  marketplaceName: string;
  sellerName: string;
  sellerEmail: string;
  timeZone: string;
  amountMinor: number;
  currency: string;
  reason: string;
  issuedAt: Date;
  /** The credit's or the refund's id. */
  id: string;
  /** For a refund: the payment refunded and its receipt number. */
  payment: { id: string; receiptNumber: number | null } | null;
  gateway: string | null;
  gatewayRefundId: string | null;
}

/** The credit note of a credit or refund, or null when it has none (not found, not done). */
export async function loadCreditNote(
  db: Database,
  kind: CreditNoteKind,
  id: string,
): Promise<CreditNote | null> {
  const owner = { include: { marketplace: true, seller: true } } as const;
  if (kind === 'credit') {
    const credit = await db.credit.findUnique({ where: { id }, ...owner });
    if (!credit || credit.creditNoteNumber === null || credit.appliedMinor === null) return null;
    return {
      kind,
      creditNoteNumber: credit.creditNoteNumber,
      marketplaceName: credit.marketplace.name,
      sellerName: credit.seller.name,
      sellerEmail: credit.seller.email,
      timeZone: credit.marketplace.timeZone,
      amountMinor: Number(credit.appliedMinor),
      currency: credit.currency,
      reason: credit.reason,
      issuedAt: credit.appliedAt ?? credit.createdAt,
      id: credit.id,
      payment: null,
      gateway: null,
      gatewayRefundId: null,
    };
  }
  const refund = await db.refund.findUnique({
    where: { id },
    include: { ...owner.include, payment: true },
  });
  if (!refund || refund.creditNoteNumber === null) return null;
  return {
    kind,
    creditNoteNumber: refund.creditNoteNumber,
    marketplaceName: refund.marketplace.name,
    sellerName: refund.seller.name,
    sellerEmail: refund.seller.email,
    timeZone: refund.marketplace.timeZone,
    amountMinor: Number(refund.amountMinor),
    currency: refund.currency,
    reason: refund.reason,
    issuedAt: refund.updatedAt,
    id: refund.id,
    payment: { id: refund.paymentId, receiptNumber: refund.payment.receiptNumber },
    gateway: refund.gateway,
    gatewayRefundId: refund.gatewayRefundId,
  };
}

export function creditNoteFileName(note: CreditNote): string {
  return `credit-note-${String(note.creditNoteNumber).padStart(6, '0')}.pdf`;
}

/** The credit note as a file to send, shown in the browser or saved; null when there is none. */
export async function creditNoteFile(
  db: Database,
  kind: CreditNoteKind,
  id: string,
  download: boolean,
) {
  const note = await loadCreditNote(db, kind, id);
  if (!note) return null;
  return {
    pdf: await renderCreditNotePdf(note),
    headers: pdfHeaders(creditNoteFileName(note), download),
  };
}

export function renderCreditNotePdf(note: CreditNote): Promise<Buffer> {
  const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: note.timeZone });
  const rows: [string, string][] = [
    ['Credit note number', String(note.creditNoteNumber)],
    ['Date', day.format(note.issuedAt)],
    ['Marketplace', note.marketplaceName],
    ['Credited to', `${note.sellerName} <${note.sellerEmail}>`],
    [
      'Description',
      note.payment
        ? `Refund of part of a payment${note.payment.receiptNumber === null ? '' : ` (receipt no. ${note.payment.receiptNumber})`}`
        : 'Credit against unbilled advertising spend',
    ],
    ['Reason', note.reason],
    [
      note.payment ? 'Amount refunded' : 'Amount credited',
      formatMinor(note.amountMinor, note.currency),
    ],
    [note.payment ? 'Refund id' : 'Credit id', note.id],
  ];
  if (note.payment) rows.push(['Payment id', note.payment.id]);
  if (note.gatewayRefundId) {
    rows.push([
      note.gateway === 'simulated' ? 'Processor reference (simulated)' : 'Stripe refund',
      note.gatewayRefundId,
    ]);
  }
  return renderPdfPage({
    title: `Credit note ${note.creditNoteNumber}`,
    author: note.marketplaceName,
    heading: `${note.marketplaceName} — Credit note`,
    rows,
    ...(note.gateway === 'simulated'
      ? { note: 'Simulated refund: no card was refunded (no Stripe key configured).' }
      : {}),
  });
}
