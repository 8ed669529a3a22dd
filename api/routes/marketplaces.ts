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
import { ReconciliationSchedules } from '../../temporal/reconciliation-schedules';

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
    summary:
      'Enable Payments for a marketplace (R1); its daily reconciliation Schedule is made too (R16).',
    roles: ['platform'],
    responses: {
      200: {
        description: 'The marketplace.',
        schema: z.strictObject({ marketplace: marketplaceSchema }),
      },
    },
  },
];

export function marketplacesRouter(
  deps: Pick<ApiDependencies, 'db' | 'billing' | 'logger'>,
): Router {
  const { db } = deps;
  const schedules = new ReconciliationSchedules(deps.billing.client, {
    callTimeoutMs: deps.billing.callTimeoutMs,
  });
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
    const enabled = await enablePayments(db, marketplace.id);
    // Payments are enabled whatever Temporal says: the worker makes a Schedule still missing.
    await schedules.ensure(enabled).catch((error: unknown) => {
      deps.logger.warn(
        { err: error, marketplaceId: enabled.id },
        'reconciliation schedule left to the worker',
      );
    });
    res.json({ marketplace: marketplaceView(enabled) });
  });

  return router;
}
