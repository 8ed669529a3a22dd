// The trend of each marketplace's exposure (R15): an hourly snapshot of its totals, written by
// the worker's loop, and the snapshots of the current billing cycle for the API and the page.
import type { Database } from '../db/client';
import { billingCycleContaining } from '../rules/cycles';
import { marketplaceExposure } from './exposure';

const HOUR_MS = 3_600_000;

export interface ExposureSnapshotView {
  takenAt: string;
  unbilledMicros: string;
  pastDueMicros: string;
  delinquentMicros: string;
}

/** Writes this hour's snapshot of every marketplace that has none yet; returns how many it wrote. */
export async function takeExposureSnapshots(db: Database, nowMs: number): Promise<number> {
  const hour = new Date(Math.floor(nowMs / HOUR_MS) * HOUR_MS);
  const missing = await db.marketplace.findMany({
    where: { exposureSnapshots: { none: { hour } } },
    select: { id: true },
  });
  let written = 0;
  for (const { id } of missing) {
    const exposure = await marketplaceExposure(db, id);
    // Another worker may have written this hour meanwhile: its row stands.
    written += await db.$executeRaw`
      INSERT INTO exposure_snapshots
        (marketplace_id, hour, taken_at, unbilled_micros, past_due_micros, delinquent_micros)
      VALUES (${id}::uuid, ${hour.toISOString()}::timestamp,
        ${new Date(nowMs).toISOString()}::timestamp, ${exposure.totalMicros}::numeric,
        ${exposure.byStatus.past_due.unbilledMicros}::numeric,
        ${exposure.byStatus.delinquent.unbilledMicros}::numeric)
      ON CONFLICT DO NOTHING`;
  }
  return written;
}

/** The snapshots of the billing cycle `nowMs` falls in (the marketplace's time zone), oldest first. */
export async function exposureTrend(
  db: Database,
  marketplace: { id: string; timeZone: string },
  nowMs: number,
): Promise<ExposureSnapshotView[]> {
  const cycle = billingCycleContaining(nowMs, marketplace.timeZone);
  const rows = await db.$queryRaw<
    Array<{ taken_at: Date; unbilled: string; past_due: string; delinquent: string }>
  >`
    SELECT taken_at, unbilled_micros::text AS unbilled, past_due_micros::text AS past_due,
      delinquent_micros::text AS delinquent
    FROM exposure_snapshots
    WHERE marketplace_id = ${marketplace.id}::uuid
      AND taken_at >= ${new Date(cycle.startsAtMs).toISOString()}::timestamp
      AND taken_at < ${new Date(cycle.endsAtMs).toISOString()}::timestamp
    ORDER BY taken_at`;
  return rows.map((row) => ({
    takenAt: row.taken_at.toISOString(),
    unbilledMicros: row.unbilled,
    pastDueMicros: row.past_due,
    delinquentMicros: row.delinquent,
  }));
}

/** The worker's loop around takeExposureSnapshots: a pass every few minutes writes at most one
 * row per marketplace per hour. */
export class ExposureSnapshotter {
  readonly policy = { pollIntervalMs: 5 * 60_000 };

  constructor(
    private readonly db: Database,
    private readonly clock: () => number = Date.now,
  ) {}

  pass(): Promise<number> {
    return takeExposureSnapshots(this.db, this.clock());
  }
}
