// The payment history as CSV (R9), for a spreadsheet: every payment the filter selects, newest
// first; amounts as exact decimal strings, RFC 4180 quoting, and no field a spreadsheet could
// run as a formula.
import type { Database } from '../db/client';
import { decimalOfMinor } from '../rules';
import {
  paymentsPage,
  refundedMinorOf,
  type PaymentFilter,
  type PaymentWithRefunds,
} from './history';

const BATCH = 500;

/** The headers of the CSV file as a download, for the API and the pages alike. */
export const CSV_DOWNLOAD = {
  'Content-Type': 'text/csv; charset=utf-8; header=present',
  'Content-Disposition': 'attachment; filename="payments.csv"',
};

const HEADER = [
  'payment_id',
  'seller_id',
  'created_at',
  'status',
  'reason',
  'amount',
  'currency',
  'card_brand',
  'card_last4',
  'failure_code',
  'receipt_number',
  'refunded_amount',
];

export async function paymentsCsv(
  db: Database,
  owner: { marketplaceId?: string; sellerId?: string | undefined },
  filter: Omit<PaymentFilter, 'limit'>,
): Promise<string> {
  const lines = [csvLine(HEADER)];
  let cursor: string | undefined;
  do {
    const page = await paymentsPage(db, owner, { ...filter, limit: BATCH, cursor });
    lines.push(...page.items.map((payment) => csvLine(paymentFields(payment))));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return lines.join('');
}

function paymentFields(payment: PaymentWithRefunds): string[] {
  return [
    payment.id,
    payment.sellerId,
    payment.createdAt.toISOString(),
    payment.status,
    payment.reason,
    decimalOfMinor(Number(payment.amountMinor), payment.currency),
    payment.currency,
    payment.cardBrand ?? '',
    payment.cardLast4 ?? '',
    payment.failureCode ?? '',
    payment.receiptNumber === null ? '' : String(payment.receiptNumber),
    decimalOfMinor(refundedMinorOf(payment), payment.currency),
  ];
}

/** One CSV record: each field quoted when it must be, ended by CRLF (RFC 4180). */
export function csvLine(fields: string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/**
 * A field a spreadsheet shows as text: one starting with = + - @ (or a tab or carriage return,
 * which some strip first) gets an apostrophe in front, so it is never run as a formula.
 */
export function csvField(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}
