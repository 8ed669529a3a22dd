// The seller billing projection (table seller_billing_projection): what each seller's workflow
// last reported of its billing state, written by the workflow's activity and by the spend relay
// from its updates' results, and read by lists and the relay instead of asking each workflow.
import type { Database } from '../db/client';
import type { BillingProjection } from '../workflows/messages';

/**
 * Stores the reports in one statement; a report replaces a seller's row only when its version
 * is higher, so whichever writer comes last, the row holds the newest. A report of a seller the
 * database does not know (a workflow started by hand) is left out.
 */
export async function recordProjections(db: Database, reports: BillingProjection[]): Promise<void> {
  if (reports.length === 0) return;
  const rows = reports.map((report) => ({
    seller_id: report.sellerId,
    version: report.version,
    status: report.status,
    credit_limit_minor: report.creditLimitMinor,
    pending_credit_limit_minor: report.pendingCreditLimitMinor,
    unbilled_micros: report.unbilledMicros,
    cycle_starts_at: new Date(report.cycleStartsAtMs).toISOString(),
    cycle_ends_at: new Date(report.cycleEndsAtMs).toISOString(),
  }));
  await db.$executeRaw`
    INSERT INTO seller_billing_projection AS p (seller_id, marketplace_id, version, status,
      credit_limit_minor, pending_credit_limit_minor, unbilled_micros, cycle_starts_at,
      cycle_ends_at, updated_at)
    SELECT DISTINCT ON (r.seller_id) r.seller_id, s.marketplace_id, r.version, r.status,
      r.credit_limit_minor, r.pending_credit_limit_minor, r.unbilled_micros,
      (r.cycle_starts_at AT TIME ZONE 'UTC'), (r.cycle_ends_at AT TIME ZONE 'UTC'), CURRENT_TIMESTAMP
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(seller_id uuid, version bigint,
      status text, credit_limit_minor bigint, pending_credit_limit_minor bigint,
      unbilled_micros bigint, cycle_starts_at timestamptz, cycle_ends_at timestamptz)
    JOIN sellers s ON s.id = r.seller_id
    ORDER BY r.seller_id, r.version DESC
    ON CONFLICT (seller_id) DO UPDATE SET version = EXCLUDED.version, status = EXCLUDED.status,
      credit_limit_minor = EXCLUDED.credit_limit_minor,
      pending_credit_limit_minor = EXCLUDED.pending_credit_limit_minor,
      unbilled_micros = EXCLUDED.unbilled_micros, cycle_starts_at = EXCLUDED.cycle_starts_at,
      cycle_ends_at = EXCLUDED.cycle_ends_at, closed_status = NULL, updated_at = CURRENT_TIMESTAMP
    WHERE p.version < EXCLUDED.version`;
}

/**
 * Marks the sellers' rows as belonging to a workflow that is no longer running (a delivery found
 * none: an operator terminated it), until a report from a running one (after a reset) clears it.
 */
export async function markWorkflowsClosed(db: Database, sellerIds: string[]): Promise<void> {
  if (sellerIds.length === 0) return;
  await db.$executeRaw`
    UPDATE seller_billing_projection SET closed_status = 'not_running', updated_at = CURRENT_TIMESTAMP
    WHERE seller_id = ANY(${sellerIds}::uuid[]) AND closed_status IS NULL`;
}
