// The worker's HTTP endpoints for operators: /livez, /readyz and /metrics (its own metrics; the
// Temporal SDK's are served by the SDK runtime's exporter on WORKER_SDK_METRICS_PORT).
import type { Server } from 'node:http';
import express from 'express';
import type { Database } from '../db/client';
import type { Logger } from '../observability/logger';
import { workerMetricsRegistry } from '../observability/metrics';
import { operationsRouter } from '../observability/operations-routes';
import type { SellerBillingClient } from '../temporal/seller-billing-client';
import { workerReadings } from './metric-readings';

/** Listens on host:port (0: any free port); resolves once listening, rejects if it cannot. */
export async function startWorkerHttpServer(options: {
  db: Database;
  billing: Pick<SellerBillingClient, 'ping' | 'countRunningByStatus'>;
  logger: Logger;
  host: string;
  port: number;
}): Promise<Server> {
  const { db, billing, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  app.use(
    operationsRouter({
      db,
      billing,
      metrics: workerMetricsRegistry(workerReadings({ db, billing }), logger),
    }),
  );
  return new Promise((resolve, reject) => {
    // Express 5 hands a listen error (a port in use) to this callback instead of throwing it.
    const server = app.listen(options.port, options.host, (error?: Error) =>
      error ? reject(error) : resolve(server),
    );
  });
}
