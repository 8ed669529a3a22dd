// A marketplace admin's webhook endpoints: register one (its signing secret is shown once), list
// them, disable one, and read the recorded delivery attempts of an endpoint. The commands live in
// webhooks/endpoints.ts; this route parses, checks the caller's scope, runs one and answers.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { MAX_WEBHOOK_URL_LENGTH, type WebhookUrlPolicy } from '../../webhooks/endpoint-url';
import {
  disableEndpoint,
  endpointOf,
  endpointsOf,
  MAX_ENABLED_ENDPOINTS,
  latestDeliveries,
  registerEndpoint,
} from '../../webhooks/endpoints';
import { deliveryView, endpointView } from '../../webhooks/views';
import type { ApiDependencies } from '../app';
import { notFound } from '../errors';
import type { RouteDoc } from '../openapi/route-doc';
import { idSchema, instantOutSchema } from '../response-schemas';
import { isUuid, scopedMarketplace } from '../scope';
import { parseBody } from '../validation';

export type WebhookSettings = WebhookUrlPolicy;

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
      'Register an HTTPS endpoint on a public address for billing events (payment succeeded, failed or refunded, credit issued, campaigns paused or resumed, seller delinquent); answers its signing secret once. ' +
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
  db: ApiDependencies['db'];
  webhooks: WebhookSettings;
}): Router {
  const { db } = deps;
  const router = Router();

  router.post('/marketplaces/:id/webhooks', async (req, res) => {
    const marketplaceId = await adminsMarketplaceId(deps, req);
    const { url } = parseBody(registration, req.body);
    const endpoint = await registerEndpoint({ db, policy: deps.webhooks }, marketplaceId, url);
    // The secret is shown here only: the receiver keeps it to verify X-Billing-Signature.
    res.status(201).json({ ...endpointView(endpoint), secret: endpoint.secret });
  });

  router.get('/marketplaces/:id/webhooks', async (req, res) => {
    const endpoints = await endpointsOf(db, await adminsMarketplaceId(deps, req));
    res.json({ data: endpoints.map(endpointView) });
  });

  router.delete('/marketplaces/:id/webhooks/:endpointId', async (req, res) => {
    const disabled = await disableEndpoint(db, await adminsEndpoint(deps, req));
    res.json(endpointView(disabled));
  });

  router.get('/marketplaces/:id/webhooks/:endpointId/deliveries', async (req, res) => {
    const deliveries = await latestDeliveries(db, await adminsEndpoint(deps, req));
    res.json({ data: deliveries.map(deliveryView) });
  });

  return router;
}

async function adminsMarketplaceId(
  deps: Pick<ApiDependencies, 'db'>,
  req: Request<{ id: string }>,
): Promise<string> {
  const { marketplace } = await scopedMarketplace(deps.db, req, req.params.id, 'marketplace_admin');
  return marketplace.id;
}

async function adminsEndpoint(
  deps: Pick<ApiDependencies, 'db'>,
  req: Request<{ id: string; endpointId: string }>,
) {
  const marketplaceId = await adminsMarketplaceId(deps, req);
  if (!isUuid(req.params.endpointId)) throw notFound('Webhook endpoint');
  return endpointOf(deps.db, marketplaceId, req.params.endpointId);
}
