// A marketplace's webhook endpoints: register one (public https only, at most 16 enabled, its
// signing secret made here), list them, disable one, and read its recorded delivery attempts.
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/client';
import { DomainError, notFoundError } from '../domain/errors';
import type { MarketplaceWebhookDelivery, MarketplaceWebhookEndpoint } from '../generated/prisma';
import { checkEndpointUrl, WebhookUrlRefused, type WebhookUrlPolicy } from './endpoint-url';

/** One event fans out to every enabled endpoint: this bounds the fan-out. */
export const MAX_ENABLED_ENDPOINTS = 16;

/** How many of an endpoint's latest delivery attempts a reader sees. */
const DELIVERIES_SHOWN = 100;

export async function registerEndpoint(
  deps: { db: Database; policy: WebhookUrlPolicy },
  marketplaceId: string,
  url: string,
): Promise<MarketplaceWebhookEndpoint> {
  await assertAllowedUrl(url, deps.policy);
  return deps.db.$transaction(async (tx) => {
    // Registrations for one marketplace take turns, so concurrent ones cannot all pass the cap.
    await tx.$queryRaw`SELECT id FROM marketplaces WHERE id = ${marketplaceId}::uuid FOR NO KEY UPDATE`;
    const enabled = await tx.marketplaceWebhookEndpoint.count({
      where: { marketplaceId, disabledAt: null },
    });
    if (enabled >= MAX_ENABLED_ENDPOINTS) {
      throw new DomainError(
        409,
        'too_many_endpoints',
        `A marketplace has at most ${MAX_ENABLED_ENDPOINTS} enabled webhook endpoints; disable one first.`,
      );
    }
    return tx.marketplaceWebhookEndpoint.create({
      data: { marketplaceId, url, secret: `whsec_${randomBytes(24).toString('hex')}` },
    });
  });
}

export function endpointsOf(
  db: Database,
  marketplaceId: string,
): Promise<MarketplaceWebhookEndpoint[]> {
  return db.marketplaceWebhookEndpoint.findMany({
    where: { marketplaceId },
    orderBy: { createdAt: 'asc' },
  });
}

export async function endpointOf(
  db: Database,
  marketplaceId: string,
  endpointId: string,
): Promise<MarketplaceWebhookEndpoint> {
  const endpoint = await db.marketplaceWebhookEndpoint.findFirst({
    where: { id: endpointId, marketplaceId },
  });
  if (!endpoint) throw notFoundError('Webhook endpoint');
  return endpoint;
}

/** Disables the endpoint (once: disabling it again keeps the first time). */
export function disableEndpoint(
  db: Database,
  endpoint: MarketplaceWebhookEndpoint,
): Promise<MarketplaceWebhookEndpoint> {
  return db.marketplaceWebhookEndpoint.update({
    where: { id: endpoint.id },
    data: { disabledAt: endpoint.disabledAt ?? new Date() },
  });
}

export function latestDeliveries(
  db: Database,
  endpoint: MarketplaceWebhookEndpoint,
): Promise<MarketplaceWebhookDelivery[]> {
  return db.marketplaceWebhookDelivery.findMany({
    where: { endpointId: endpoint.id },
    orderBy: { createdAt: 'desc' },
    take: DELIVERIES_SHOWN,
  });
}

async function assertAllowedUrl(url: string, policy: WebhookUrlPolicy): Promise<void> {
  try {
    await checkEndpointUrl(url, policy);
  } catch (error) {
    if (!(error instanceof WebhookUrlRefused)) throw error;
    throw new DomainError(400, `webhook_${error.reason}`, error.message, 'url');
  }
}
