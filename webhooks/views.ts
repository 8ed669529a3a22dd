// A marketplace's webhook endpoints and their deliveries as its admins see them: never the
// signing secret, instants as ISO 8601 strings, a next attempt only while one is pending.
import type { MarketplaceWebhookDelivery, MarketplaceWebhookEndpoint } from '../generated/prisma';

export function endpointView(endpoint: MarketplaceWebhookEndpoint) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    active: endpoint.disabledAt === null,
    createdAt: endpoint.createdAt.toISOString(),
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
  };
}

export function deliveryView(delivery: MarketplaceWebhookDelivery) {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    nextAttemptAt: delivery.status === 'pending' ? delivery.nextAttemptAt.toISOString() : null,
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
    payload: delivery.payload,
  };
}
