// The spend ledger: validated spend events committed under a unique (marketplace, event id), so
// a repeated event is counted once however often it is delivered (R11).
import type { Database } from '../db/client';
import {
  isRejected,
  validateSpendEvent,
  type RejectedSpendEvent,
  type ValidSpendEvent,
} from './validate-event';

export interface SellerSpend {
  sellerId: string;
  totalMicros: number;
  byCampaignMicros: Record<string, number>;
}

export interface RecordOutcome {
  accepted: number;
  duplicates: number;
  rejected: RejectedSpendEvent[];
  /** What this request added, per self-service seller (managed sellers are never billed here). */
  selfServiceSpend: SellerSpend[];
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
  const insertable: ValidSpendEvent[] = [];
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
    insertable.push(event);
  });

  const inserted = await insertIgnoringDuplicates(db, marketplaceId, insertable);
  const bySeller = new Map<string, SellerSpend>();
  for (const row of inserted) {
    if (campaignsById.get(row.campaignId)?.seller.billingMode !== 'self_service') continue;
    const seller = bySeller.get(row.sellerId) ?? {
      sellerId: row.sellerId,
      totalMicros: 0,
      byCampaignMicros: {},
    };
    seller.totalMicros += row.amountMicros;
    seller.byCampaignMicros[row.campaignId] =
      (seller.byCampaignMicros[row.campaignId] ?? 0) + row.amountMicros;
    bySeller.set(row.sellerId, seller);
  }
  rejected.sort((a, b) => a.index - b.index);
  return {
    accepted: inserted.length,
    duplicates: insertable.length - inserted.length,
    rejected,
    selfServiceSpend: [...bySeller.values()],
  };
}

async function insertIgnoringDuplicates(
  db: Database,
  marketplaceId: string,
  events: ValidSpendEvent[],
): Promise<Array<{ sellerId: string; campaignId: string; amountMicros: number }>> {
  if (events.length === 0) return [];
  const rows = await db.$queryRaw<
    Array<{ seller_id: string; campaign_id: string; amount_micros: bigint }>
  >`
    INSERT INTO spend_events (marketplace_id, event_id, seller_id, campaign_id, amount_micros, occurred_at)
    SELECT ${marketplaceId}::uuid, e.event_id, e.seller_id, e.campaign_id, e.amount_micros,
      e.occurred_at AT TIME ZONE 'UTC'
    FROM unnest(
      ${events.map((e) => e.eventId)}::text[],
      ${events.map((e) => e.sellerId)}::uuid[],
      ${events.map((e) => e.campaignId)}::uuid[],
      ${events.map((e) => BigInt(e.amountMicros))}::bigint[],
      ${events.map((e) => e.occurredAt.toISOString())}::timestamptz[]
    ) AS e(event_id, seller_id, campaign_id, amount_micros, occurred_at)
    ON CONFLICT (marketplace_id, event_id) DO NOTHING
    RETURNING seller_id, campaign_id, amount_micros`;
  return rows.map((row) => ({
    sellerId: row.seller_id,
    campaignId: row.campaign_id,
    amountMicros: Number(row.amount_micros),
  }));
}
