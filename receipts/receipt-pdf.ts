// Payment receipts (R9): rendered as PDF on request from the payment row, so nothing big is
// stored. A receipt names the marketplace and seller, the billing period, the amount, the card
// (brand and last 4), the payment ids, the date and the marketplace's sequential number.
import type { Database } from '../db/client';
import { formatMinor } from '../rules';
import { pdfHeaders, renderPdfPage } from './pdf-document';

export interface Receipt {
  receiptNumber: number;
  marketplaceName: string;
  sellerName: string;
  sellerEmail: string;
  periodStartsAt: Date;
  /** The first instant after the period. */
  periodEndsAt: Date;
  timeZone: string;
  amountMinor: number;
  currency: string;
  cardBrand: string | null;
  cardLast4: string | null;
  paymentId: string;
  gateway: string;
  gatewayPaymentId: string | null;
  paidAt: Date;
  /** Stripe's own receipt page, when Stripe made one. */
  gatewayReceiptUrl: string | null;
  /** When a backup card paid (R13): the default card that failed first, and why. */
  defaultCardFailure: { cardBrand: string | null; cardLast4: string | null; reason: string } | null;
}

/** The receipt of a succeeded payment, or null when the payment has none (not found, not paid). */
export async function loadReceipt(db: Database, paymentId: string): Promise<Receipt | null> {
  const payment = await db.payment.findUnique({
    where: { id: paymentId },
    include: { marketplace: true, seller: true },
  });
  if (!payment || payment.status !== 'succeeded' || payment.receiptNumber === null) return null;
  const failedDefault = payment.backupOfKey
    ? await db.payment.findUnique({ where: { idempotencyKey: payment.backupOfKey } })
    : null;
  return {
    receiptNumber: payment.receiptNumber,
    marketplaceName: payment.marketplace.name,
    sellerName: payment.seller.name,
    sellerEmail: payment.seller.email,
    periodStartsAt: payment.cycleStartsAt,
    periodEndsAt: payment.cycleEndsAt,
    timeZone: payment.marketplace.timeZone,
    amountMinor: Number(payment.amountMinor),
    currency: payment.currency,
    cardBrand: payment.cardBrand,
    cardLast4: payment.cardLast4,
    paymentId: payment.id,
    gateway: payment.gateway,
    gatewayPaymentId: payment.gatewayPaymentId,
    paidAt: payment.updatedAt,
    gatewayReceiptUrl: payment.receiptUrl,
    defaultCardFailure: failedDefault && {
      cardBrand: failedDefault.cardBrand,
      cardLast4: failedDefault.cardLast4,
      reason: failedDefault.failureMessage ?? failedDefault.failureCode ?? 'failed',
    },
  };
}

export function receiptFileName(receipt: Receipt): string {
  return `receipt-${String(receipt.receiptNumber).padStart(6, '0')}.pdf`;
}

/** The receipt as a file to send, shown in the browser or saved; null when there is none. */
export async function receiptFile(db: Database, paymentId: string, download: boolean) {
  const receipt = await loadReceipt(db, paymentId);
  if (!receipt) return null;
  return {
    pdf: await renderReceiptPdf(receipt),
    headers: pdfHeaders(receiptFileName(receipt), download),
  };
}

export function renderReceiptPdf(receipt: Receipt): Promise<Buffer> {
  const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: receipt.timeZone });
  const lastDayOfPeriod = new Date(receipt.periodEndsAt.getTime() - 1);
  const card = cardName(receipt.cardBrand, receipt.cardLast4);
  const failed = receipt.defaultCardFailure;
  const rows: [string, string][] = [
    ['Receipt number', String(receipt.receiptNumber)],
    ['Date paid', day.format(receipt.paidAt)],
    ['Marketplace', receipt.marketplaceName],
    ['Billed to', `${receipt.sellerName} <${receipt.sellerEmail}>`],
    ['Period', `${day.format(receipt.periodStartsAt)} – ${day.format(lastDayOfPeriod)}`],
    ['Description', 'Advertising spend'],
    ['Amount paid', formatMinor(receipt.amountMinor, receipt.currency)],
    ['Payment method', failed ? `${card} (backup card)` : card],
    ...(failed
      ? [
          [
            'Default card',
            `${cardName(failed.cardBrand, failed.cardLast4)} failed: ${failed.reason}`,
          ] as [string, string],
        ]
      : []),
    ['Payment id', receipt.paymentId],
    [
      receipt.gateway === 'simulated' ? 'Processor reference (simulated)' : 'Stripe payment',
      receipt.gatewayPaymentId ?? '—',
    ],
  ];
  if (receipt.gatewayReceiptUrl) rows.push(['Stripe receipt', receipt.gatewayReceiptUrl]);

  return renderPdfPage({
    title: `Receipt ${receipt.receiptNumber}`,
    author: receipt.marketplaceName,
    heading: `${receipt.marketplaceName} — Receipt`,
    rows,
    ...(receipt.gateway === 'simulated'
      ? { note: 'Simulated payment: no card was charged (no Stripe key configured).' }
      : {}),
  });
}

function cardName(brand: string | null, last4: string | null): string {
  return brand ? `${capitalise(brand)} ending in ${last4 ?? '····'}` : 'Card';
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
