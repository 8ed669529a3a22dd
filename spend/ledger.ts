// The spend ledger: validated spend events committed in one statement under a unique
// (marketplace, event id), so a repeated event is counted once however often it is delivered
// (R11). The spend relay (spend/relay.ts) later carries the billable rows to the workflows.
import type { Database } from '../db/client';
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
  const rejected: RejectedSpendEvent[] = [];
  const valid: ValidSpendEvent[] = [];
  rawEvents.forEach((raw, index) => {
    const result = validateSpendEvent(raw, index, nowMs);
    if (isRejected(result)) rejected.push(result);
    else valid.push(result);
  });

  const campaignIds = [...new Set(valid.map((event) => event.campaignId))];
  const campaigns = await db.campaign.findMany({
    where: { marketplaceId, id: { in: campaignIds } },
    select: { id: true, sellerId: true, seller: { select: { billingMode: true } } },
  });
  const campaignsById = new Map(campaigns.map((campaign) => [campaign.id, campaign]));
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
    insertable.push({ ...event, billable: campaign.seller.billingMode === 'self_service' });
  });

  const accepted = await insertIgnoringDuplicates(db, marketplaceId, insertable);
  rejected.sort((a, b) => a.index - b.index);
  return { accepted, duplicates: insertable.length - accepted, rejected };
}

type BillableSpendEvent = ValidSpendEvent & { billable: boolean };

/** Inserts the events in one statement and returns how many were new. */
async function insertIgnoringDuplicates(
  db: Database,
  marketplaceId: string,
  events: BillableSpendEvent[],
): Promise<number> {
  if (events.length === 0) return 0;
  return db.$executeRaw`
    INSERT INTO spend_events
      (marketplace_id, event_id, seller_id, campaign_id, amount_micros, occurred_at, billable)
    SELECT ${marketplaceId}::uuid, e.event_id, e.seller_id, e.campaign_id, e.amount_micros,
      e.occurred_at AT TIME ZONE 'UTC', e.billable
    FROM unnest(
      ${events.map((e) => e.eventId)}::text[],
      ${events.map((e) => e.sellerId)}::uuid[],
      ${events.map((e) => e.campaignId)}::uuid[],
      ${events.map((e) => BigInt(e.amountMicros))}::bigint[],
      ${events.map((e) => e.occurredAt.toISOString())}::timestamptz[],
      ${events.map((e) => e.billable)}::boolean[]
    ) AS e(event_id, seller_id, campaign_id, amount_micros, occurred_at, billable)
    ON CONFLICT (marketplace_id, event_id) DO NOTHING`;
}
