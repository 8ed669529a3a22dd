// The API process: serves /v1 on API_PORT. It needs only the database: committed spend reaches
// the billing workflows through the spend relay in the worker.
import { readEnvironment } from '../config/environment';
import { createDatabaseClient } from '../db/client';
import { createLogger } from '../observability/logger';
import { createApp } from './app';

function main(): void {
  const env = readEnvironment();
  const logger = createLogger('api');
  const db = createDatabaseClient(env.DATABASE_URL);
  const app = createApp({ db, logger });
  const server = app.listen(env.API_PORT, () => {
    logger.info({ port: env.API_PORT }, `API listening on http://localhost:${env.API_PORT}/v1`);
  });
  const stop = () => {
    server.close();
    void db.$disconnect();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main();
