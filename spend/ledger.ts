// The spend ledger: validated spend events committed in one statement under a unique
// (marketplace, event id), so a repeated event is counted once however often it is delivered
// (R11). The same statement adds the new billable rows to the running sums the spend relay
// (spend/relay.ts) later carries to the workflows, so the sums count each event exactly once too.
import type { Database } from '../db/client';
import { spendEvents } from '../observability/metrics';
import {
  isRejected,
  validateSpendEvent,
  type RejectedSpendEvent,
  type ValidSpendEvent,
} from './validate-event';

export interface RecordOutcome {
  accepted: number;
  duplicates: number;
  rejected: RejectedSpendEvent[];
}

export async function recordSpendEvents(
  db: Database,
  marketplaceId: string,
  rawEvents: unknown[],
  nowMs = Date.now(),
): Promise<RecordOutcome> {
  const { currency, timeZone } = await db.marketplace.findUniqueOrThrow({
    where: { id: marketplaceId },
    select: { currency: true, timeZone: true },
  });
  const rejected: RejectedSpendEvent[] = [];
  const valid: ValidSpendEvent[] = [];
  rawEvents.forEach((raw, index) => {
    const result = validateSpendEvent(raw, index, nowMs, currency);
    if (isRejected(result)) rejected.push(result);
    else valid.push(result);
  });

  const campaignsById = await campaignsOf(db, marketplaceId, [
    ...new Set(valid.map((e) => e.campaignId)),
  ]);
  const insertable: BillableSpendEvent[] = [];
  valid.forEach((event) => {
    const campaign = campaignsById.get(event.campaignId);
    if (!campaign || campaign.sellerId !== event.sellerId) {
      rejected.push({
        index: event.index,
        code: 'unknown_campaign',
        field: 'campaignId',
        message: 'No such campaign for this seller in this marketplace.',
      });
      return;
    }
    // A managed seller is billed outside this system (R3): its spend is recorded, never relayed.
    insertable.push({ ...event, billable: campaign.billable });
  });

  const accepted = await insertIgnoringDuplicates(db, { id: marketplaceId, timeZone }, insertable);
  rejected.sort((a, b) => a.index - b.index);
  const duplicates = insertable.length - accepted;
  spendEvents.inc({ outcome: 'accepted' }, accepted);
  spendEvents.inc({ outcome: 'duplicate' }, duplicates);
  spendEvents.inc({ outcome: 'rejected' }, rejected.length);
  return { accepted, duplicates, rejected };
}

type BillableSpendEvent = ValidSpendEvent & { billable: boolean };

/** The marketplace's campaigns among `campaignIds`, with their seller and whether it is billed here. */
async function campaignsOf(
  db: Database,
  marketplaceId: string,
  campaignIds: string[],
): Promise<Map<string, { sellerId: string; billable: boolean }>> {
  if (campaignIds.length === 0) return new Map();
  // Raw SQL with one array parameter: a batch names hundreds of campaigns.
  const rows = await db.$queryRaw<Array<{ id: string; seller_id: string; billable: boolean }>>`
    SELECT c.id::text, c.seller_id::text, s.billing_mode = 'self_service' AS billable
    FROM campaigns c JOIN sellers s ON s.id = c.seller_id
    WHERE c.marketplace_id = ${marketplaceId}::uuid AND c.id = ANY(${campaignIds}::uuid[])`;
  return new Map(rows.map((row) => [row.id, { sellerId: row.seller_id, billable: row.billable }]));
}

/**
 * Inserts the events and adds the new billable ones to the pending sums, in one statement, and
 * returns how many were new. The sums are keyed by the billing cycle (calendar month in the
 * marketplace's time zone, R5) each event occurred in, so the relay can tell late spend from
 * current. They are written in key order, so two requests for the same sellers wait on each
 * other instead of deadlocking.
 */
async function insertIgnoringDuplicates(
  db: Database,
  marketplace: { id: string; timeZone: string },
  events: BillableSpendEvent[],
): Promise<number> {
  if (events.length === 0) return 0;
  const [row] = await db.$queryRaw<Array<{ accepted: bigint }>>`
    WITH inserted AS (
      INSERT INTO spend_events
        (marketplace_id, event_id, seller_id, campaign_id, amount_micros, occurred_at, billable)
      SELECT ${marketplace.id}::uuid, e.event_id, e.seller_id, e.campaign_id, e.amount_micros,
        e.occurred_at AT TIME ZONE 'UTC', e.billable
      FROM unnest(
        ${events.map((e) => e.eventId)}::text[],
        ${events.map((e) => e.sellerId)}::uuid[],
        ${events.map((e) => e.campaignId)}::uuid[],
        ${events.map((e) => BigInt(e.amountMicros))}::bigint[],
        ${events.map((e) => e.occurredAt.toISOString())}::timestamptz[],
        ${events.map((e) => e.billable)}::boolean[]
      ) AS e(event_id, seller_id, campaign_id, amount_micros, occurred_at, billable)
      ON CONFLICT (marketplace_id, event_id) DO NOTHING
      RETURNING seller_id, campaign_id, amount_micros, occurred_at, billable, received_at
    ), summed AS (
      INSERT INTO spend_pending
        (seller_id, campaign_id, cycle_starts_at, marketplace_id, micros, oldest_received_at)
      SELECT seller_id, campaign_id,
        (date_trunc('month', occurred_at AT TIME ZONE 'UTC' AT TIME ZONE ${marketplace.timeZone})
          AT TIME ZONE ${marketplace.timeZone}) AT TIME ZONE 'UTC' AS cycle_starts_at,
        ${marketplace.id}::uuid, sum(amount_micros), min(received_at)
      FROM inserted WHERE billable AND amount_micros > 0
      GROUP BY seller_id, campaign_id, 3
      ORDER BY seller_id, campaign_id, 3
      ON CONFLICT (seller_id, campaign_id, cycle_starts_at) DO UPDATE SET
        micros = spend_pending.micros + EXCLUDED.micros,
        oldest_received_at = least(spend_pending.oldest_received_at, EXCLUDED.oldest_received_at)
    )
    SELECT count(*) AS accepted FROM inserted`;
  return Number(row?.accepted ?? 0);
}
