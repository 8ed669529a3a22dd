// The activity by which the billing workflow reports its state to the seller billing projection
// when something other than spend changed it (a run's start, a command, a charge's outcome).
import type { Database } from '../db/client';
import { recordProjections } from '../sellers/billing-projection';
import type { BillingProjection } from '../workflows/messages';

export function createProjectionActivities(deps: { db: Database }) {
  /** Idempotent: a retried report is older than or equal to the row, and leaves it. */
  async function recordBillingProjection(report: BillingProjection): Promise<void> {
    await recordProjections(deps.db, [report]);
  }
  return { recordBillingProjection };
}
