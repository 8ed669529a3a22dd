// A marketplace's credit exposure (R15): what its self-service sellers have spent and not yet
// been charged, by billing status, and the largest exposures, read from the billing projection
// and the ledger's undelivered spend in a few queries whatever the number of sellers.
import type { Database } from '../db/client';
import type { BillingStatus } from '../workflows/messages';

const STATUSES: BillingStatus[] = ['active', 'past_due', 'delinquent'];

/** How many of the largest exposures are listed. */
export const LARGEST_EXPOSURES = 10;

export interface MarketplaceExposure {
  /** Reported unbilled spend of every self-service seller plus the spend not yet delivered, as
   * a decimal string (a sum over many sellers can pass 2^53). */
  totalMicros: string;
  /** Spend in the ledger the workflows have not been told of yet (part of the total). */
  undeliveredMicros: string;
  byStatus: Record<BillingStatus, { sellers: number; unbilledMicros: string }>;
  largest: Array<{
    sellerId: string;
    name: string;
    status: BillingStatus;
    unbilledMicros: number;
    creditLimitMinor: number;
  }>;
}

export async function marketplaceExposure(
  db: Database,
  marketplaceId: string,
): Promise<MarketplaceExposure> {
  const byStatusRows = await db.$queryRaw<
    Array<{ status: BillingStatus; sellers: number; micros: string }>
  >`
    SELECT p.status, count(*)::int AS sellers, sum(p.unbilled_micros)::text AS micros
    FROM seller_billing_projection p JOIN sellers s ON s.id = p.seller_id
    WHERE p.marketplace_id = ${marketplaceId}::uuid AND s.billing_mode = 'self_service'
      AND p.closed_status IS NULL
    GROUP BY p.status`;
  const [undelivered] = await db.$queryRaw<Array<{ micros: string }>>`
    SELECT coalesce(sum(micros), 0)::text AS micros FROM (
      SELECT p.micros FROM spend_pending p JOIN sellers s ON s.id = p.seller_id
      WHERE p.marketplace_id = ${marketplaceId}::uuid AND s.billing_mode = 'self_service'
      UNION ALL
      SELECT total_micros FROM spend_relay_batches
      WHERE marketplace_id = ${marketplaceId}::uuid AND signalled_at IS NULL
    ) pending`;
  const largest = await db.$queryRaw<
    Array<{
      seller_id: string;
      name: string;
      status: BillingStatus;
      unbilled_micros: bigint;
      credit_limit_minor: bigint;
    }>
  >`
    SELECT p.seller_id::text, s.name, p.status, p.unbilled_micros, p.credit_limit_minor
    FROM seller_billing_projection p JOIN sellers s ON s.id = p.seller_id
    WHERE p.marketplace_id = ${marketplaceId}::uuid AND s.billing_mode = 'self_service'
      AND p.closed_status IS NULL AND p.unbilled_micros > 0
    ORDER BY p.unbilled_micros DESC, p.seller_id LIMIT ${LARGEST_EXPOSURES}`;
  const byStatus = Object.fromEntries(
    STATUSES.map((status) => {
      const row = byStatusRows.find((r) => r.status === status);
      return [status, { sellers: row?.sellers ?? 0, unbilledMicros: row?.micros ?? '0' }];
    }),
  ) as MarketplaceExposure['byStatus'];
  const total =
    byStatusRows.reduce((sum, row) => sum + BigInt(row.micros), 0n) +
    BigInt(undelivered?.micros ?? '0');
  return {
    totalMicros: total.toString(),
    undeliveredMicros: undelivered?.micros ?? '0',
    byStatus,
    largest: largest.map((row) => ({
      sellerId: row.seller_id,
      name: row.name,
      status: row.status,
      unbilledMicros: Number(row.unbilled_micros),
      creditLimitMinor: Number(row.credit_limit_minor),
    })),
  };
}
