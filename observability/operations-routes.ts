// The operations endpoints a process serves beside its work: /livez (the process is up),
// /readyz (the database and Temporal, each named up or down; 503 when one is down) and /metrics
// (the process's Prometheus registry). The API and the worker serve the same three.
import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Database } from '../db/client';
import type { SellerBillingClient } from '../temporal/seller-billing-client';
import { readiness } from './readiness';

export function operationsRouter(deps: {
  db: Database;
  billing: Pick<SellerBillingClient, 'ping'>;
  metrics: Registry;
}): Router {
  const router = Router();
  router.get('/livez', (_req, res) => {
    res.json({ status: 'live' });
  });
  router.get('/readyz', async (_req, res) => {
    const { ready, checks } = await readiness(deps);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });
  return router;
}
