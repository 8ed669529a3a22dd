// The daily reconciliation with the gateway (R16), for the marketplace's admin: the runs, one
// run's differences, and a run on demand. Nothing here corrects a difference.
import { Router } from 'express';
import { z } from 'zod';
import { reconcileOnDemand } from '../../reconciliation/on-demand';
import {
  reconciliationRunsPage,
  reconciliationRunWithDifferences,
} from '../../reconciliation/queries';
import { reconciliationDifferenceView, reconciliationRunView } from '../../reconciliation/views';
import { ReconciliationSchedules } from '../../temporal/reconciliation-schedules';
import type { ApiDependencies } from '../app';
import { notFound } from '../errors';
import { calendarDateSchema } from '../input-schemas';
import type { RouteDoc } from '../openapi/route-doc';
import { pageQuerySchema } from '../pagination';
import {
  amountSchema,
  currencyOutSchema,
  gatewayNameSchema,
  idSchema,
  instantOutSchema,
  pageSchema,
} from '../response-schemas';
import { isUuid, scopedMarketplace } from '../scope';
import { parseBody, parseQuery } from '../validation';

export const reconcileNowSchema = z.strictObject({
  /** A past local day; without it, the day before today in the marketplace's time zone. */
  day: calendarDateSchema.optional(),
});

const moneyStatusSchema = z.enum(['succeeded', 'failed', 'pending']);

const reconciliationRunSchema = z.strictObject({
  id: idSchema,
  day: z.iso.date(),
  periodStartsAt: instantOutSchema,
  periodEndsAt: instantOutSchema,
  gateway: gatewayNameSchema,
  trigger: z.enum(['schedule', 'on_demand']),
  ourRecords: z.int(),
  gatewayRecords: z.int(),
  differenceCount: z.int(),
  createdAt: instantOutSchema,
});

const reconciliationDifferenceSchema = z.strictObject({
  kind: z.enum(['missing_at_gateway', 'missing_in_database', 'amount_mismatch', 'status_mismatch']),
  recordKind: z.enum(['charge', 'refund']),
  gatewayId: z.string(),
  ourRecordId: idSchema.nullable(),
  sellerId: idSchema.nullable(),
  currency: currencyOutSchema,
  ourAmountMinor: amountSchema.nullable(),
  gatewayAmountMinor: amountSchema.nullable(),
  ourStatus: moneyStatusSchema.nullable(),
  gatewayStatus: moneyStatusSchema.nullable(),
  occurredAt: instantOutSchema,
});

export const reconciliationsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/marketplaces/:id/reconciliations',
    summary:
      'The daily reconciliations with the payment gateway, newest first (R16): each compares a local day of payments with the gateway’s charges.',
    roles: ['marketplace_admin'],
    query: pageQuerySchema,
    responses: {
      200: {
        description: 'A page of reconciliation runs and the next cursor.',
        schema: pageSchema('reconciliations', reconciliationRunSchema),
      },
    },
  },
  {
    method: 'get',
    path: '/marketplaces/:id/reconciliations/:reconciliationId',
    summary:
      'One reconciliation and every difference it found: missing at the gateway, missing in our records, amount or status mismatch. None is corrected automatically.',
    roles: ['marketplace_admin'],
    responses: {
      200: {
        description: 'The run and its differences.',
        schema: z.strictObject({
          reconciliation: reconciliationRunSchema,
          differences: z.array(reconciliationDifferenceSchema),
        }),
      },
    },
  },
  {
    method: 'post',
    path: '/marketplaces/:id/reconciliations',
    summary:
      'Reconcile a past day now (default: yesterday in the marketplace’s time zone); the run appears in the list when done.',
    roles: ['marketplace_admin'],
    body: reconcileNowSchema,
    responses: {
      202: {
        description: 'The run started: its Temporal workflow id.',
        schema: z.strictObject({ workflowId: z.string() }),
      },
    },
  },
];

export function reconciliationsRouter(deps: Pick<ApiDependencies, 'db' | 'billing'>): Router {
  const { db } = deps;
  const schedules = new ReconciliationSchedules(deps.billing.client, {
    callTimeoutMs: deps.billing.callTimeoutMs,
  });
  const router = Router();

  router.get('/marketplaces/:id/reconciliations', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    const query = parseQuery(pageQuerySchema, req.query);
    const { items, nextCursor } = await reconciliationRunsPage(db, marketplace.id, query);
    res.json({ reconciliations: items.map(reconciliationRunView), nextCursor });
  });

  router.get('/marketplaces/:id/reconciliations/:reconciliationId', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    if (!isUuid(req.params.reconciliationId)) throw notFound('Reconciliation');
    const run = await reconciliationRunWithDifferences(
      db,
      marketplace.id,
      req.params.reconciliationId,
    );
    res.json({
      reconciliation: reconciliationRunView(run),
      differences: run.differences.map(reconciliationDifferenceView),
    });
  });

  router.post('/marketplaces/:id/reconciliations', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    const body = parseBody(reconcileNowSchema, req.body ?? {});
    res
      .status(202)
      .json(await reconcileOnDemand(schedules, marketplace, body.day ?? null, Date.now()));
  });

  return router;
}
