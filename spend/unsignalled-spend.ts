// Spend the ledger holds that the sellers' workflows have not been told of yet: rows the relay
// has not claimed, and batches it claimed but has not confirmed signalled (a resend pending, or
// a seller set aside). Billing views add it to the workflow's unbilled spend, so the relay's
// cadence never hides spend. A batch is counted here until the relay confirms it, which can
// overlap the workflow's own count only between a signal and its confirmation.
import type { Database } from '../db/client';
import { assertSafeInteger, MAX_SPEND_EVENT_MICROS_ANY_CURRENCY } from '../rules';

/** Each seller's unsignalled spend in micros (0 for a seller with none), in one query. */
export async function unsignalledSpendMicros(
  db: Database,
  sellerIds: string[],
): Promise<Map<string, number>> {
  const pending = new Map(sellerIds.map((id) => [id, 0]));
  if (sellerIds.length === 0) return pending;
  // Both parts read a partial index: unclaimed billable rows, unsignalled batches. A row beyond
  // every bound is never relayed; the seller's hold (spend_out_of_bounds) says so instead.
  const rows = await db.$queryRaw<Array<{ seller_id: string; micros: bigint }>>`
    SELECT seller_id::text, sum(micros)::bigint AS micros FROM (
      SELECT seller_id, amount_micros AS micros FROM spend_events
      WHERE relay_batch_id IS NULL AND billable AND seller_id = ANY(${sellerIds}::uuid[])
        AND amount_micros <= ${BigInt(MAX_SPEND_EVENT_MICROS_ANY_CURRENCY)}
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
