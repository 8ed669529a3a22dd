// POST /v1/spend-events: the ad server reports spend in batches. The batch is validated, the
// accepted events are committed to the spend ledger (a repeated event id is a duplicate), and
// only then does the API answer: acknowledged means durable. The spend relay in the worker
// carries committed spend to the billing workflows.
import { Router } from 'express';
import { z } from 'zod';
import type { ApiDependencies } from '../app';
import { principalOf } from '../auth';
import type { RouteDoc } from '../openapi/route-doc';
import { parseBody } from '../validation';
import { recordSpendEvents } from '../../spend/ledger';
import { spendEventSchema } from '../../spend/validate-event';

export const MAX_EVENTS_PER_REQUEST = 5_000;

// Events are checked one by one (spend/validate-event.ts) so a bad one is rejected alone; the
// document shows their schema.
const spendEventJsonSchema = {
  ...z.toJSONSchema(spendEventSchema, { io: 'input' }),
  $schema: undefined,
};
const batchSchema = z.strictObject({
  events: z.array(z.unknown().meta(spendEventJsonSchema)).min(1).max(MAX_EVENTS_PER_REQUEST),
});

/** The answer: how many events were accepted and were duplicates, and each rejected one. */
const spendOutcomeSchema = z.strictObject({
  accepted: z.int().min(0),
  duplicates: z.int().min(0),
  rejected: z.array(
    z.strictObject({
      index: z.int().min(0),
      code: z.string(),
      field: z.string().optional(),
      message: z.string(),
    }),
  ),
});

export const spendEventsDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/spend-events',
    summary:
      'Report spend events (event id, seller, campaign, micros, time); answered after the commit with the accepted, duplicate and rejected counts.',
    roles: ['ingest'],
    body: batchSchema,
    responses: { 202: { description: 'The outcome per event.', schema: spendOutcomeSchema } },
  },
];

export function spendEventsRouter(deps: Pick<ApiDependencies, 'db'>): Router {
  const router = Router();
  router.post('/spend-events', async (req, res) => {
    const principal = principalOf(req, 'ingest');
    const { events } = parseBody(batchSchema, req.body);
    const outcome = await recordSpendEvents(deps.db, principal.marketplaceId as string, events);
    res.status(202).json(outcome);
  });
  return router;
}
