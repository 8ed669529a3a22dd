// Enqueues a billing event for every active webhook endpoint of its marketplace. The event id is
// stable for one happening (a notify dedupe key, or an id made once inside the transaction that
// records the happening), and unique(endpoint, event) with skipDuplicates makes a retried
// activity enqueue nothing new.
import type { Prisma } from '../generated/prisma';

export type WebhookEventType =
  | 'payment.succeeded'
  | 'payment.failed'
  | 'seller.delinquent'
  | 'campaigns.paused'
  | 'campaigns.resumed'
  | 'credit.issued'
  | 'payment.refunded';

export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  marketplaceId: string;
  sellerId: string;
  /** Amounts are integer minor units next to their currency. */
  data: Record<string, unknown>;
}

/** Writes one pending delivery per active endpoint; returns how many were new. */
export async function enqueueWebhookEvent(
  db: Prisma.TransactionClient,
  event: WebhookEvent,
): Promise<number> {
  const endpoints = await db.marketplaceWebhookEndpoint.findMany({
    where: { marketplaceId: event.marketplaceId, disabledAt: null },
    select: { id: true },
  });
  if (endpoints.length === 0) return 0;
  const payload = {
    id: event.id,
    type: event.type,
    createdAt: new Date().toISOString(),
    marketplaceId: event.marketplaceId,
    sellerId: event.sellerId,
    data: event.data,
  } as Prisma.InputJsonObject;
  const created = await db.marketplaceWebhookDelivery.createMany({
    data: endpoints.map((endpoint) => ({
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: event.type,
      payload,
    })),
    skipDuplicates: true,
  });
  return created.count;
}
