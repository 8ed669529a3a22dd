// The sellers' headroom as the spend relay sees it: read from the seller billing projection in
// one query per pass, so deciding costs the relay no call to any seller's workflow.
import type { Database } from '../db/client';
import { headroomOf } from './relay-policy';

/** Each seller's headroom in micros; null when none is known or no limit charge can happen now
 * (not active, no limit, its workflow closed, never reported). */
export async function readHeadroom(
  db: Database,
  sellerIds: string[],
): Promise<Map<string, number | null>> {
  const headroom = new Map<string, number | null>(sellerIds.map((id) => [id, null]));
  if (sellerIds.length === 0) return headroom;
  const rows = await db.$queryRaw<
    Array<{
      seller_id: string;
      status: string;
      credit_limit_minor: bigint;
      unbilled_micros: bigint;
      currency: string;
    }>
  >`
    SELECT p.seller_id::text, p.status, p.credit_limit_minor, p.unbilled_micros, m.currency
    FROM seller_billing_projection p JOIN marketplaces m ON m.id = p.marketplace_id
    WHERE p.seller_id = ANY(${sellerIds}::uuid[]) AND p.closed_status IS NULL`;
  for (const row of rows) {
    headroom.set(
      row.seller_id,
      headroomOf({
        status: row.status as 'active',
        creditLimitMinor: Number(row.credit_limit_minor),
        unbilledMicros: Number(row.unbilled_micros),
        currency: row.currency,
      }),
    );
  }
  return headroom;
}
