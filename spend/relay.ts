// The spend relay: a loop in the worker process that carries committed spend from the ledger to
// the seller billing workflows, exactly once. Ingestion keeps running sums of the spend no relay
// has claimed (spend_pending, per seller, campaign and cycle, written with the ledger rows). Each
// pass reads those sums, and for every seller that is due takes them into a batch in one
// statement (FOR UPDATE SKIP LOCKED, so relays side by side take disjoint sums), delivers the
// batch with its id, then marks it delivered. A pass costs the number of sums, however many
// ledger rows stand behind them. A crash between delivery and mark leaves the batch unconfirmed;
// it is delivered again with the same id and the workflow ignores the repeat.
//
// Each seller succeeds or fails on its own: a seller whose spend cannot be delivered (no running
// workflow) is set aside in spend_relay_holds with its reason, retried with backoff, and released
// by its next delivery, while every other seller flows.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Database } from '../db/client';
import type { Logger } from '../observability/logger';
import { assertSafeInteger, billingCycleContaining, MAX_RELAY_BATCH_MICROS } from '../rules';
import type { SellerBillingClient } from '../temporal/seller-billing-client';
import type { BillingProjection } from '../workflows/messages';
import { markWorkflowsClosed, recordProjections } from '../sellers/billing-projection';
import { decide, DEFAULT_RELAY_POLICY, type RelayPolicy } from './relay-policy';
import { readHeadroom } from './relay-headroom';
import { runPasses } from '../worker/poll-loop';

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
  /** At most one batch's worth (MAX_RELAY_BATCH_MICROS) of the seller's pending spend. */
  pendingMicros: number;
  /** More is pending than one batch carries, so one delivery cannot carry it all. */
  beyondOneBatch: boolean;
}

/**
 * Why a seller's spend is set aside; shown to its marketplace's admin. `spend_out_of_bounds`
 * is left by the migration to running sums for a ledger row beyond every bound (written before
 * the bounds existed), which is never relayed.
 */
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
    const candidates = await this.pendingSpend();
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
        beyondOneBatch: pending.beyondOneBatch,
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
   * The sellers with pending spend and how much, from the running sums: one row per seller,
   * campaign and cycle, whatever the backlog behind them. Sellers set aside until their retry
   * time are left out.
   */
  private async pendingSpend(): Promise<PendingSpend[]> {
    const batch = BigInt(MAX_RELAY_BATCH_MICROS);
    const rows = await this.options.db.$queryRaw<
      Array<{
        seller_id: string;
        marketplace_id: string;
        time_zone: string;
        pending_micros: bigint;
        beyond_one_batch: boolean;
      }>
    >`
      SELECT p.seller_id::text, p.marketplace_id::text, m.time_zone,
        least(sum(p.micros), ${batch})::bigint AS pending_micros,
        sum(p.micros) > ${batch} AS beyond_one_batch
      FROM spend_pending p
      JOIN marketplaces m ON m.id = p.marketplace_id
      LEFT JOIN spend_relay_holds h ON h.seller_id = p.seller_id
      WHERE h.seller_id IS NULL OR h.retry_at <= ${this.utcNow()}::timestamp
      GROUP BY p.seller_id, p.marketplace_id, m.time_zone`;
    return rows.map((row) => ({
      sellerId: row.seller_id,
      marketplaceId: row.marketplace_id,
      timeZone: row.time_zone,
      pendingMicros: Number(row.pending_micros),
      beyondOneBatch: row.beyond_one_batch,
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
   * Takes the sellers' pending sums into one new batch per seller, in one statement: the sums
   * shrink (or go) and the batch row gets what they gave, atomically. A batch takes the oldest
   * cycle first and at most MAX_RELAY_BATCH_MICROS, so its amounts stay exact as numbers; the
   * rest waits for the next pass. A sum another relay or an ingest holds is skipped this pass.
   * What occurred before the seller's current cycle is the batch's late part.
   */
  private async claim(sellers: PendingSpend[]): Promise<RelayBatch[]> {
    if (sellers.length === 0) return [];
    const nowMs = this.now();
    const rows = await this.options.db.$queryRaw<BatchRow[]>`
      WITH due AS (
        SELECT * FROM unnest(${sellers.map((s) => s.sellerId)}::uuid[],
          ${sellers.map((s) => new Date(billingCycleContaining(nowMs, s.timeZone).startsAtMs).toISOString())}::timestamptz[])
          AS d(seller_id, current_cycle_starts_at)
      ), held AS (
        SELECT p.seller_id, p.campaign_id, p.cycle_starts_at, p.marketplace_id, p.micros,
          p.cycle_starts_at < (d.current_cycle_starts_at AT TIME ZONE 'UTC') AS late
        FROM spend_pending p JOIN due d ON d.seller_id = p.seller_id
        ORDER BY p.seller_id, p.cycle_starts_at, p.campaign_id
        FOR UPDATE OF p SKIP LOCKED
      ), taken AS (
        SELECT *, least(micros, ${BigInt(MAX_RELAY_BATCH_MICROS)} - (running - micros)) AS take
        FROM (SELECT held.*, sum(micros) OVER (PARTITION BY seller_id
            ORDER BY cycle_starts_at, campaign_id) AS running FROM held) r
        WHERE running - micros < ${BigInt(MAX_RELAY_BATCH_MICROS)}
      ), emptied AS (
        DELETE FROM spend_pending p USING taken t
        WHERE t.take = t.micros AND p.seller_id = t.seller_id AND p.campaign_id = t.campaign_id
          AND p.cycle_starts_at = t.cycle_starts_at
      ), shrunk AS (
        UPDATE spend_pending p SET micros = p.micros - t.take FROM taken t
        WHERE t.take < t.micros AND p.seller_id = t.seller_id AND p.campaign_id = t.campaign_id
          AND p.cycle_starts_at = t.cycle_starts_at
      ), per_campaign AS (
        SELECT marketplace_id, seller_id, campaign_id, sum(take) AS micros,
          sum(take) FILTER (WHERE late) AS late
        FROM taken GROUP BY marketplace_id, seller_id, campaign_id
      )
      INSERT INTO spend_relay_batches (id, marketplace_id, seller_id, total_micros, late_micros, by_campaign_micros)
      SELECT gen_random_uuid(), marketplace_id, seller_id, sum(micros), coalesce(sum(late), 0),
        jsonb_object_agg(campaign_id, micros)
      FROM per_campaign GROUP BY marketplace_id, seller_id
      RETURNING id, marketplace_id, seller_id, total_micros, late_micros, by_campaign_micros`;
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
