// The spend relay: a loop in the worker process that carries committed spend from the ledger to
// the seller billing workflows, exactly once. Each pass it claims a due seller's oldest
// unclaimed billable rows, a bounded slice, as a batch (rows and batch row in one statement, FOR
// UPDATE SKIP LOCKED, so relays side by side claim disjoint rows), signals the batch with its id
// and sums, then marks it signalled. A crash between signal and mark leaves the batch
// unconfirmed; it is signalled again with the same id and the workflow ignores the repeat. Nothing relies on a "highest id seen"
// watermark: a row that commits late is simply unclaimed at the next pass.
//
// Each seller succeeds or fails on its own: a seller whose spend cannot be delivered (no running
// workflow, a ledger row beyond every bound) is set aside in spend_relay_holds with its reason,
// retried with backoff, and released by its next delivery, while every other seller flows.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Database } from '../db/client';
import type { Prisma } from '../generated/prisma';
import type { Logger } from '../observability/logger';
import {
  assertSafeInteger,
  billingCycleContaining,
  MAX_RELAY_BATCH_MICROS,
  MAX_SPEND_EVENT_MICROS_ANY_CURRENCY,
} from '../rules';
import type { SellerBillingClient } from '../temporal/seller-billing-client';
import type { BillingProjection } from '../workflows/messages';
import { markWorkflowsClosed, recordProjections } from '../sellers/billing-projection';
import { decide, DEFAULT_RELAY_POLICY, type RelayPolicy } from './relay-policy';
import { readHeadroom } from './relay-headroom';
import { runPasses } from '../worker/poll-loop';

/**
 * The most rows of one seller a pass reads or claims: what a seller spending once a second
 * records in a routine signal interval (15 minutes) fits in one slice.
 */
export const RELAY_SLICE_ROWS = 1_000;

export interface RelayBatch {
  id: string;
  marketplaceId: string;
  sellerId: string;
  totalMicros: number;
  lateMicros: number;
  byCampaignMicros: Record<string, number>;
}

export interface SpendRelayOptions {
  db: Database;
  billing: SellerBillingClient;
  logger: Logger;
  policy?: Partial<RelayPolicy>;
  /** The policy's clock; tests and the signal benchmark pass a simulated one. */
  now?: () => number;
}

interface PendingSpend {
  sellerId: string;
  marketplaceId: string;
  timeZone: string;
  /**
   * At least this much is pending: the sum of the seller's oldest RELAY_SLICE_ROWS rows (capped
   * at 2^53 − 1, which is far past any headroom).
   */
  pendingMicros: number;
  /** A row beyond every spend bound (recorded before the bounds existed): never relayed. */
  outOfBounds: boolean;
  /** The slice was full: more rows wait behind it, so one delivery cannot carry them all. */
  sliceFull: boolean;
}

/** Why a seller's spend is set aside; shown to its marketplace's admin. */
export type SpendHoldReason = 'workflow_not_running' | 'spend_out_of_bounds';

export class SpendRelay {
  readonly policy: RelayPolicy;
  private readonly now: () => number;
  /** When each seller's spend was last delivered; lost on restart, which only costs a delivery. */
  private readonly lastSignalAtMs = new Map<string, number>();

  constructor(private readonly options: SpendRelayOptions) {
    this.policy = { ...DEFAULT_RELAY_POLICY, ...options.policy };
    this.now = options.now ?? Date.now;
  }

  /** Runs passes every poll interval until `stop` aborts; a failed pass is logged and retried. */
  run(stop: AbortSignal): Promise<void> {
    return runPasses(this, stop, this.options.logger, 'spend relay pass failed');
  }

  /** One pass: resend unconfirmed batches, then claim and signal every seller that is due. */
  async pass(): Promise<RelayBatch[]> {
    await this.signalAndMark(await this.claimUnconfirmed());
    const batches = await this.claimDue();
    await this.signalAndMark(batches);
    return batches;
  }

  /** Claims a batch for every seller the policy says is due now. */
  async claimDue(): Promise<RelayBatch[]> {
    const pending = await this.pendingSpend();
    for (const seller of pending.filter((p) => p.outOfBounds)) {
      await this.hold(seller, 'spend_out_of_bounds');
    }
    const candidates = pending.filter((p) => !p.outOfBounds);
    const headroom = await readHeadroom(
      this.options.db,
      candidates.map((seller) => seller.sellerId),
    );
    return this.claim(
      candidates.filter((seller) => this.isDue(seller, headroom.get(seller.sellerId) ?? null)),
    );
  }

  /**
   * The headroom is the projection's: every delivery's answer updates it, and so does the
   * workflow when a charge, a command or a new cycle changes it, so the relay is never late on a
   * crossing by more than the time a report takes to be written.
   */
  private isDue(pending: PendingSpend, headroomMicros: number | null): boolean {
    const decision = decide(
      {
        pendingMicros: pending.pendingMicros,
        sliceFull: pending.sliceFull,
        lastSignalAtMs: this.lastSignalAtMs.get(pending.sellerId) ?? null,
        headroomMicros,
        cycleEndsAtMs: billingCycleContaining(this.now(), pending.timeZone).endsAtMs,
      },
      this.now(),
      this.policy,
    );
    return decision === 'signal';
  }

  /**
   * The sellers with unclaimed billable spend, found by skipping from one seller to the next in
   * the partial index (a loose index scan), and the sum of each one's oldest slice: the work is
   * one index descent and one slice per seller, whatever the backlog behind them. Sellers set
   * aside until their retry time are left out.
   */
  private async pendingSpend(): Promise<PendingSpend[]> {
    const { db } = this.options;
    const rows = await inSlicePlan(
      db,
      (tx) =>
        tx.$queryRaw<
          Array<{
            seller_id: string;
            marketplace_id: string;
            time_zone: string;
            pending_micros: bigint;
            out_of_bounds: boolean;
            slice_rows: bigint;
          }>
        >`
      WITH RECURSIVE pending_sellers AS (
        (SELECT seller_id FROM spend_events
          WHERE relay_batch_id IS NULL AND billable ORDER BY seller_id LIMIT 1)
        UNION ALL
        SELECT (SELECT e.seller_id FROM spend_events e
            WHERE e.relay_batch_id IS NULL AND e.billable AND e.seller_id > p.seller_id
            ORDER BY e.seller_id LIMIT 1)
        FROM pending_sellers p WHERE p.seller_id IS NOT NULL
      )
      SELECT p.seller_id, s.marketplace_id, m.time_zone, slice.pending_micros, slice.out_of_bounds,
        slice.slice_rows
      FROM pending_sellers p
      JOIN sellers s ON s.id = p.seller_id
      JOIN marketplaces m ON m.id = s.marketplace_id
      LEFT JOIN spend_relay_holds h ON h.seller_id = p.seller_id
      CROSS JOIN LATERAL (
        SELECT LEAST(sum(oldest.amount_micros), ${BigInt(Number.MAX_SAFE_INTEGER)})::bigint AS pending_micros,
          max(oldest.amount_micros) > ${BigInt(MAX_SPEND_EVENT_MICROS_ANY_CURRENCY)} AS out_of_bounds,
          count(*) AS slice_rows
        FROM (SELECT e.amount_micros FROM spend_events e
          WHERE e.seller_id = p.seller_id AND e.relay_batch_id IS NULL AND e.billable
          ORDER BY e.id LIMIT ${RELAY_SLICE_ROWS}) oldest
      ) slice
      WHERE h.seller_id IS NULL OR h.retry_at <= ${this.utcNow()}::timestamp`,
    );
    return rows.map((row) => ({
      sellerId: row.seller_id,
      marketplaceId: row.marketplace_id,
      timeZone: row.time_zone,
      pendingMicros: Number(row.pending_micros),
      outOfBounds: row.out_of_bounds,
      sliceFull: Number(row.slice_rows) >= RELAY_SLICE_ROWS,
    }));
  }

  /** The relay's clock as the database's UTC timestamps are written. */
  private utcNow(): string {
    return new Date(this.now()).toISOString();
  }

  /** Sets the seller aside (or keeps it aside, backing off) and says so once per attempt. */
  private async hold(
    seller: Pick<RelayBatch, 'sellerId' | 'marketplaceId'>,
    reason: SpendHoldReason,
  ): Promise<void> {
    const { holdRetryBaseMs, holdRetryMaxMs } = this.policy;
    const [row] = await this.options.db.$queryRaw<Array<{ attempts: number; retry_at: Date }>>`
      INSERT INTO spend_relay_holds (seller_id, marketplace_id, reason, attempts, held_at, retry_at)
      VALUES (${seller.sellerId}::uuid, ${seller.marketplaceId}::uuid, ${reason}, 1,
        ${this.utcNow()}::timestamp,
        ${this.utcNow()}::timestamp + make_interval(secs => ${holdRetryBaseMs / 1000}))
      ON CONFLICT (seller_id) DO UPDATE SET
        reason = EXCLUDED.reason,
        attempts = spend_relay_holds.attempts + 1,
        retry_at = ${this.utcNow()}::timestamp + make_interval(secs =>
          LEAST(${holdRetryBaseMs / 1000} * power(2, spend_relay_holds.attempts), ${holdRetryMaxMs / 1000}))
      RETURNING attempts, retry_at`;
    this.options.logger.warn(
      { sellerId: seller.sellerId, marketplaceId: seller.marketplaceId, reason, ...row },
      'spend set aside for one seller; the others keep flowing',
    );
  }

  /**
   * Claims the sellers' unclaimed rows, one new batch per seller, in one statement: the rows get
   * the batch id and the batch row its sums atomically. A batch takes each seller's oldest rows,
   * at most RELAY_SLICE_ROWS of them and at most MAX_RELAY_BATCH_MICROS, so its sums stay exact
   * and the pass bounded; the rest waits for the next pass. Rows another relay holds are
   * skipped, and a row it claimed meanwhile no longer matches `relay_batch_id IS NULL` when
   * re-checked.
   */
  private async claim(sellers: PendingSpend[]): Promise<RelayBatch[]> {
    if (sellers.length === 0) return [];
    const nowMs = this.now();
    const { db } = this.options;
    const rows = await inSlicePlan(
      db,
      (tx) =>
        tx.$queryRaw<BatchRow[]>`
      WITH due AS (
        SELECT * FROM unnest(${sellers.map((s) => s.sellerId)}::uuid[],
          ${sellers.map((s) => new Date(billingCycleContaining(nowMs, s.timeZone).startsAtMs).toISOString())}::timestamptz[])
          AS d(seller_id, cycle_starts_at)
      ), claimable AS (
        SELECT oldest.id, oldest.seller_id, oldest.amount_micros FROM due d
        CROSS JOIN LATERAL (
          SELECT e.id, e.seller_id, e.amount_micros FROM spend_events e
          WHERE e.seller_id = d.seller_id AND e.relay_batch_id IS NULL AND e.billable
            AND e.amount_micros <= ${BigInt(MAX_SPEND_EVENT_MICROS_ANY_CURRENCY)}
          ORDER BY e.id LIMIT ${RELAY_SLICE_ROWS}
          FOR UPDATE SKIP LOCKED) oldest
      ), bounded AS (
        SELECT id, seller_id FROM (
          SELECT id, seller_id, sum(amount_micros) OVER (PARTITION BY seller_id ORDER BY id) AS running
          FROM claimable) r
        WHERE running <= ${BigInt(MAX_RELAY_BATCH_MICROS)}
      ), batch_ids AS (
        SELECT seller_id, gen_random_uuid() AS batch_id FROM bounded GROUP BY seller_id
      ), claimed AS (
        UPDATE spend_events e SET relay_batch_id = b.batch_id
        FROM bounded c JOIN batch_ids b ON b.seller_id = c.seller_id
        WHERE e.id = c.id
        RETURNING e.relay_batch_id, e.marketplace_id, e.seller_id, e.campaign_id, e.amount_micros, e.occurred_at
      ), per_campaign AS (
        SELECT c.relay_batch_id, c.marketplace_id, c.seller_id, c.campaign_id,
          sum(c.amount_micros) AS micros,
          sum(c.amount_micros) FILTER (WHERE c.occurred_at < (d.cycle_starts_at AT TIME ZONE 'UTC')) AS late
        FROM claimed c JOIN due d ON d.seller_id = c.seller_id
        GROUP BY c.relay_batch_id, c.marketplace_id, c.seller_id, c.campaign_id
      )
      INSERT INTO spend_relay_batches (id, marketplace_id, seller_id, total_micros, late_micros, by_campaign_micros)
      SELECT relay_batch_id, marketplace_id, seller_id, sum(micros), coalesce(sum(late), 0),
        jsonb_object_agg(campaign_id, micros)
      FROM per_campaign GROUP BY relay_batch_id, marketplace_id, seller_id
      RETURNING id, marketplace_id, seller_id, total_micros, late_micros, by_campaign_micros`,
    );
    return rows.map(batchOf);
  }

  /** Batches claimed a while ago and never confirmed (a relay died mid-way); re-leased to this relay. */
  private async claimUnconfirmed(): Promise<RelayBatch[]> {
    const rows = await this.options.db.$queryRaw<BatchRow[]>`
      UPDATE spend_relay_batches SET claimed_at = CURRENT_TIMESTAMP
      WHERE id IN (
        SELECT id FROM spend_relay_batches b
        WHERE signalled_at IS NULL
          AND claimed_at <= CURRENT_TIMESTAMP - make_interval(secs => ${this.policy.resendUnconfirmedAfterMs / 1000})
          AND NOT EXISTS (SELECT 1 FROM spend_relay_holds h
            WHERE h.seller_id = b.seller_id AND h.retry_at > ${this.utcNow()}::timestamp)
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, marketplace_id, seller_id, total_micros, late_micros, by_campaign_micros`;
    if (rows.length > 0)
      this.options.logger.warn({ batches: rows.length }, 'resending unconfirmed spend batches');
    return rows.map(batchOf);
  }

  /**
   * Delivers each batch; records the projections the workflows answered, then marks the batches
   * delivered and releases their sellers. A seller without a running workflow is set aside; any
   * other failure waits for a resend.
   */
  async signalAndMark(batches: RelayBatch[]): Promise<void> {
    const signalled: RelayBatch[] = [];
    const projections: BillingProjection[] = [];
    await Promise.all(
      batches.map(async (batch) => {
        try {
          projections.push(await this.signal(batch));
          signalled.push(batch);
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) {
            await this.hold(batch, 'workflow_not_running');
            await markWorkflowsClosed(this.options.db, [batch.sellerId]);
            return;
          }
          this.options.logger.warn(
            {
              err: error,
              batchId: batch.id,
              sellerId: batch.sellerId,
              marketplaceId: batch.marketplaceId,
            },
            'spend delivery failed; the batch will be sent again',
          );
        }
      }),
    );
    await recordProjections(this.options.db, projections);
    await this.markSignalled(signalled);
  }

  /** Delivers the batch (an update under its id) and answers the workflow's projection after it. */
  async signal(batch: RelayBatch): Promise<BillingProjection> {
    // Counted as an attempt even when it fails: a seller whose workflow does not answer is tried
    // again by the resend of its batch, not by a new batch every pass, each holding the pass.
    this.lastSignalAtMs.set(batch.sellerId, this.now());
    return this.options.billing.deliverSpend(
      batch.marketplaceId,
      batch.sellerId,
      {
        batchId: batch.id,
        totalMicros: batch.totalMicros,
        byCampaignMicros: batch.byCampaignMicros,
        ...(batch.lateMicros > 0 ? { lateMicros: batch.lateMicros } : {}),
      },
      { withinMs: this.policy.deliveryTimeoutMs },
    );
  }

  private async markSignalled(batches: RelayBatch[]): Promise<void> {
    if (batches.length === 0) return;
    const { db } = this.options;
    await db.$executeRaw`
      UPDATE spend_relay_batches SET signalled_at = CURRENT_TIMESTAMP
      WHERE id = ANY(${batches.map((b) => b.id)}::uuid[])`;
    await db.$executeRaw`
      DELETE FROM spend_relay_holds WHERE seller_id = ANY(${batches.map((b) => b.sellerId)}::uuid[])`;
  }
}

/**
 * Runs a statement that reads each seller's oldest slice with the planner held to the ordered
 * scan of the unclaimed index, which stops after the slice. Left free, with a large backlog it
 * may read a seller's every unclaimed row (a bitmap scan of another index) and sort them all to
 * keep the first: the cost this slice exists to avoid. The settings last for the transaction,
 * whose time limit only stops a runaway: a claim of many due sellers may take minutes.
 */
async function inSlicePlan<T>(
  db: Database,
  statement: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT set_config('enable_bitmapscan', 'off', true),
        set_config('enable_sort', 'off', true), set_config('enable_incremental_sort', 'off', true)`;
      return statement(tx);
    },
    { maxWait: 10_000, timeout: 10 * 60_000 },
  );
}

interface BatchRow {
  id: string;
  marketplace_id: string;
  seller_id: string;
  total_micros: bigint;
  late_micros: bigint;
  by_campaign_micros: Record<string, number>;
}

function batchOf(row: BatchRow): RelayBatch {
  return {
    id: row.id,
    marketplaceId: row.marketplace_id,
    sellerId: row.seller_id,
    totalMicros: assertSafeInteger(Number(row.total_micros), 'batch total'),
    lateMicros: assertSafeInteger(Number(row.late_micros), 'late spend'),
    byCampaignMicros: Object.fromEntries(
      Object.entries(row.by_campaign_micros).map(([campaignId, micros]) => [
        campaignId,
        assertSafeInteger(Number(micros), 'campaign spend'),
      ]),
    ),
  };
}
