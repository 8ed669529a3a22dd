// The API process: serves /v1 on HOST:API_PORT (loopback unless HOST says otherwise). Spend
// reaches the billing workflows through the spend relay in the worker; the API talks to Temporal
// for card updates and billing state.
import { Client } from '@temporalio/client';
import { readEnvironment } from '../config/environment';
import { cannotListen } from '../config/listen-error';
import { createDatabaseClient } from '../db/client';
import { createLogger } from '../observability/logger';
import { selectGateway } from '../payments/select-gateway';
import { DatabaseChargeRecord } from '../payments/simulated-charge-record';
import { apiTemporalConnection } from '../temporal/client-connection';
import { API_TEMPORAL_CALL_TIMEOUT_MS } from '../temporal/bounded-call';
import { SellerBillingClient } from '../temporal/seller-billing-client';
import { createApp } from './app';
import { BillingCommandRelay } from '../billing-commands/relay';

function main(): void {
  const env = readEnvironment();
  const logger = createLogger('api');
  const db = createDatabaseClient(env.DATABASE_URL);
  const connection = apiTemporalConnection(env.TEMPORAL_ADDRESS);
  const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  const billing = new SellerBillingClient(client, db, {
    callTimeoutMs: API_TEMPORAL_CALL_TIMEOUT_MS,
  });
  const app = createApp({
    db,
    billing,
    commands: new BillingCommandRelay({
      db,
      billing,
      logger: logger.child({ component: 'billing-commands' }),
    }),
    logger,
    payments: {
      // Refunds are made here: the simulated gateway keeps them where the reconciliation reads.
      gateway: selectGateway(env, logger, new DatabaseChargeRecord(db)),
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      connect: {
        returnUrl: env.STRIPE_CONNECT_RETURN_URL,
        refreshUrl: env.STRIPE_CONNECT_REFRESH_URL,
      },
    },
    webhooks: { allowInsecureUrls: env.ALLOW_INSECURE_WEBHOOKS },
    portal: {
      publicUrl: env.PUBLIC_API_URL,
      stripePublishableKey: env.STRIPE_PUBLISHABLE_KEY,
    },
  });
  // Express 5 hands a listen error (a port in use) to this callback instead of throwing it.
  const server = app.listen(env.API_PORT, env.HOST, (error?: Error) => {
    if (error) {
      logger.fatal({ err: error }, cannotListen(error, env.HOST, env.API_PORT, 'API_PORT'));
      process.exit(1);
    }
    logger.info({ listening: server.address() }, 'API listening under /v1');
  });
  const stop = () => {
    server.close();
    void connection.close().then(() => db.$disconnect());
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main();
