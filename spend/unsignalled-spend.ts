// Spend the ledger holds that the sellers' workflows have not been told of yet: the pending sums
// the relay has not taken, and batches it took but has not confirmed delivered (a resend pending, or
// a seller set aside). Billing views add it to the workflow's unbilled spend, so the relay's
// cadence never hides spend. A batch is counted here until the relay confirms it, which can
// overlap the workflow's own count only between a signal and its confirmation.
import type { Database } from '../db/client';
import { assertSafeInteger } from '../rules';

/** Each seller's unsignalled spend in micros (0 for a seller with none), in one query. */
export async function unsignalledSpendMicros(
  db: Database,
  sellerIds: string[],
): Promise<Map<string, number>> {
  const pending = new Map(sellerIds.map((id) => [id, 0]));
  if (sellerIds.length === 0) return pending;
  // The sums by their key, the batches by a partial index. Shown capped at 2^53 - 1 micros (some
  // nine billion dollars), beyond which no view can be exact and no seller will ever spend.
  const rows = await db.$queryRaw<Array<{ seller_id: string; micros: bigint }>>`
    SELECT seller_id::text, least(sum(micros), ${BigInt(Number.MAX_SAFE_INTEGER)})::bigint AS micros
    FROM (
      SELECT seller_id, micros FROM spend_pending WHERE seller_id = ANY(${sellerIds}::uuid[])
      UNION ALL
      SELECT seller_id, total_micros FROM spend_relay_batches
      WHERE signalled_at IS NULL AND seller_id = ANY(${sellerIds}::uuid[])
    ) unsignalled
    GROUP BY seller_id`;
  for (const row of rows) {
    pending.set(row.seller_id, assertSafeInteger(Number(row.micros), 'unsignalled spend'));
  }
  return pending;
}
