// The Express application: JSON under /v1, bearer-key auth, one router per resource.
import express, { type Express } from 'express';
import type { Database } from '../db/client';
import type { Logger } from '../observability/logger';
import { authenticate } from './auth';
import { ApiError, errorHandler } from './errors';
import { sellerSpendRouter } from './routes/seller-spend';
import { spendEventsRouter } from './routes/spend-events';

export interface ApiDependencies {
  db: Database;
  logger: Logger;
}

export function createApp(deps: ApiDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const v1 = express.Router();
  v1.use(express.json({ limit: '5mb' }));
  v1.use(authenticate(deps.db));
  v1.use(spendEventsRouter(deps));
  v1.use(sellerSpendRouter(deps));
  app.use('/v1', v1);
  app.use((_req, _res, next) => next(new ApiError(404, 'not_found', 'No such endpoint.')));
  app.use(errorHandler(deps.logger));
  return app;
}
