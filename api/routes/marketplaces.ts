// The platform creates marketplaces (each with its first admin and ingest keys, shown once) and
// enables Payments for one (R1).
import { Router } from 'express';
import { z } from 'zod';
import { enablePayments, openMarketplace } from '../../marketplaces/commands';
import { marketplaceView } from '../../marketplaces/views';
import type { ApiDependencies } from '../app';
import { nameSchema } from '../input-schemas';
import { principalOf } from '../auth';
import type { RouteDoc } from '../openapi/route-doc';
import { scopedMarketplace } from '../scope';
import { expectNoBody, parseBody } from '../validation';
import { currencySchema, timeZoneSchema } from '../../settings/payment-settings-schema';
import { marketplaceSchema } from './marketplace-view';

export const createMarketplaceSchema = z.strictObject({
  name: nameSchema,
  currency: currencySchema.optional(),
  timeZone: timeZoneSchema.optional(),
  adminEmail: z.email().optional(),
});

export const marketplacesDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/marketplaces',
    summary: 'Create a marketplace; answers its first admin and ingest API keys, shown once.',
    roles: ['platform'],
    body: createMarketplaceSchema,
    responses: {
      201: {
        description: 'The marketplace and its keys.',
        schema: z.strictObject({
          marketplace: marketplaceSchema,
          adminKey: z.string(),
          ingestKey: z.string(),
        }),
      },
    },
  },
  {
    method: 'post',
    path: '/marketplaces/:id/payments/enable',
    summary: 'Enable Payments for a marketplace (R1).',
    roles: ['platform'],
    responses: {
      200: {
        description: 'The marketplace.',
        schema: z.strictObject({ marketplace: marketplaceSchema }),
      },
    },
  },
];

export function marketplacesRouter(deps: Pick<ApiDependencies, 'db'>): Router {
  const { db } = deps;
  const router = Router();

  router.post('/marketplaces', async (req, res) => {
    principalOf(req, 'platform');
    const body = parseBody(createMarketplaceSchema, req.body);
    const created = await openMarketplace(db, body);
    res.status(201).json({ ...created, marketplace: marketplaceView(created.marketplace) });
  });

  router.post('/marketplaces/:id/payments/enable', async (req, res) => {
    expectNoBody(req.body);
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'platform');
    res.json({ marketplace: marketplaceView(await enablePayments(db, marketplace.id)) });
  });

  return router;
}
