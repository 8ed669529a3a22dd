// A marketplace admin's webhook endpoints: register one (its signing secret is shown once), list
// them, disable one, and read the recorded delivery attempts of an endpoint.
import { randomBytes } from 'node:crypto';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import type { MarketplaceWebhookEndpoint } from '../../generated/prisma';
import { principalOf } from '../auth';
import { ApiError, notFound } from '../errors';
import type { RouteDoc } from '../openapi/route-doc';
import { idSchema, instantOutSchema } from '../response-schemas';
import {
  checkEndpointUrl,
  MAX_WEBHOOK_URL_LENGTH,
  WebhookUrlRefused,
  type WebhookUrlPolicy,
} from '../../webhooks/endpoint-url';
import { parseBody } from '../validation';

export type WebhookSettings = WebhookUrlPolicy;

/** One event fans out to every enabled endpoint: this bounds the fan-out. */
export const MAX_ENABLED_ENDPOINTS = 16;

const registration = z.strictObject({ url: z.url().max(MAX_WEBHOOK_URL_LENGTH) });

const endpointSchema = z.strictObject({
  id: idSchema,
  url: z.string(),
  active: z.boolean(),
  createdAt: instantOutSchema,
  disabledAt: instantOutSchema.nullable(),
});
const deliverySchema = z.strictObject({
  id: idSchema,
  eventId: z.string(),
  eventType: z.string(),
  status: z.string(),
  attempts: z.int().min(0),
  lastStatusCode: z.int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: instantOutSchema.nullable(),
  deliveredAt: instantOutSchema.nullable(),
  createdAt: instantOutSchema,
  payload: z.unknown(),
});

export const marketplaceWebhooksDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/marketplaces/:id/webhooks',
    summary:
      'Register an HTTPS endpoint on a public address for billing events (payment succeeded or failed, campaigns paused or resumed, seller delinquent); answers its signing secret once. ' +
      `At most ${MAX_ENABLED_ENDPOINTS} enabled endpoints per marketplace.`,
    roles: ['marketplace_admin'],
    body: registration,
    responses: {
      201: {
        description: 'The endpoint and its signing secret.',
        schema: endpointSchema.extend({ secret: z.string() }),
      },
      400: 'Not an allowed URL: not https, userinfo, a host that does not resolve, or an address that is not public.',
      409: `The marketplace already has ${MAX_ENABLED_ENDPOINTS} enabled endpoints (too_many_endpoints).`,
    },
  },
  {
    method: 'get',
    path: '/marketplaces/:id/webhooks',
    summary: "The marketplace's webhook endpoints (without secrets).",
    roles: ['marketplace_admin'],
    responses: {
      200: {
        description: 'The endpoints.',
        schema: z.strictObject({ data: z.array(endpointSchema) }),
      },
    },
  },
  {
    method: 'delete',
    path: '/marketplaces/:id/webhooks/:endpointId',
    summary: 'Disable an endpoint: it gets no further events.',
    roles: ['marketplace_admin'],
    responses: { 200: { description: 'The disabled endpoint.', schema: endpointSchema } },
  },
  {
    method: 'get',
    path: '/marketplaces/:id/webhooks/:endpointId/deliveries',
    summary: "The endpoint's latest 100 deliveries with each attempt's outcome.",
    roles: ['marketplace_admin'],
    responses: {
      200: {
        description: 'The deliveries.',
        schema: z.strictObject({ data: z.array(deliverySchema) }),
      },
    },
  },
];

export function marketplaceWebhooksRouter(deps: {
  db: Database;
  webhooks: WebhookSettings;
}): Router {
  const { db } = deps;
  const router = Router();

  router.post('/marketplaces/:id/webhooks', async (req, res) => {
    const marketplaceId = await adminsMarketplaceId(db, req);
    const { url } = parseBody(registration, req.body);
    await assertAllowedUrl(url, deps.webhooks);
    const endpoint = await db.$transaction(async (tx) => {
      // Registrations for one marketplace take turns, so concurrent ones cannot all pass the cap.
      await tx.$queryRaw`SELECT id FROM marketplaces WHERE id = ${marketplaceId}::uuid FOR NO KEY UPDATE`;
      const enabled = await tx.marketplaceWebhookEndpoint.count({
        where: { marketplaceId, disabledAt: null },
      });
      if (enabled >= MAX_ENABLED_ENDPOINTS) {
        throw new ApiError(
          409,
          'too_many_endpoints',
          `A marketplace has at most ${MAX_ENABLED_ENDPOINTS} enabled webhook endpoints; disable one first.`,
        );
      }
      return tx.marketplaceWebhookEndpoint.create({
        data: { marketplaceId, url, secret: `whsec_${randomBytes(24).toString('hex')}` },
      });
    });
    // The secret is shown here only: the receiver keeps it to verify X-Billing-Signature.
    res.status(201).json({ ...endpointView(endpoint), secret: endpoint.secret });
  });

  router.get('/marketplaces/:id/webhooks', async (req, res) => {
    const marketplaceId = await adminsMarketplaceId(db, req);
    const endpoints = await db.marketplaceWebhookEndpoint.findMany({
      where: { marketplaceId },
      orderBy: { createdAt: 'asc' },
    });
    res.json({ data: endpoints.map(endpointView) });
  });

  router.delete('/marketplaces/:id/webhooks/:endpointId', async (req, res) => {
    const endpoint = await adminsEndpoint(db, req);
    const disabled = await db.marketplaceWebhookEndpoint.update({
      where: { id: endpoint.id },
      data: { disabledAt: endpoint.disabledAt ?? new Date() },
    });
    res.json(endpointView(disabled));
  });

  router.get('/marketplaces/:id/webhooks/:endpointId/deliveries', async (req, res) => {
    const endpoint = await adminsEndpoint(db, req);
    const deliveries = await db.marketplaceWebhookDelivery.findMany({
      where: { endpointId: endpoint.id },
      orderBy: { createdAt: 'desc' },
      take: 100,
    });
    res.json({
      data: deliveries.map((delivery) => ({
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
      })),
    });
  });

  return router;
}

async function adminsMarketplaceId(db: Database, req: Request<{ id: string }>): Promise<string> {
  const principal = principalOf(req, 'marketplace_admin');
  const marketplace =
    principal.marketplaceId === req.params.id
      ? await db.marketplace.findUnique({ where: { id: req.params.id }, select: { id: true } })
      : null;
  if (!marketplace) throw notFound('Marketplace');
  return marketplace.id;
}

async function adminsEndpoint(db: Database, req: Request<{ id: string; endpointId: string }>) {
  const marketplaceId = await adminsMarketplaceId(db, req);
  const endpoint = z.uuid().safeParse(req.params.endpointId).success
    ? await db.marketplaceWebhookEndpoint.findFirst({
        where: { id: req.params.endpointId, marketplaceId },
      })
    : null;
  if (!endpoint) throw notFound('Webhook endpoint');
  return endpoint;
}

async function assertAllowedUrl(url: string, settings: WebhookSettings): Promise<void> {
  try {
    await checkEndpointUrl(url, settings);
  } catch (error) {
    if (!(error instanceof WebhookUrlRefused)) throw error;
    throw new ApiError(400, `webhook_${error.reason}`, error.message, 'url');
  }
}

function endpointView(endpoint: MarketplaceWebhookEndpoint) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    active: endpoint.disabledAt === null,
    createdAt: endpoint.createdAt.toISOString(),
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
  };
}
