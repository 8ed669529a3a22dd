// The worker process: runs seller billing workflows and activities, and beside them its loops
// until stopped: the spend relay that signals committed spend to those workflows, the command
// relay that delivers billing commands (starts, limit, card and settings changes) the API did not
// deliver itself, the e-mail dispatcher that sends notifications over SMTP (when SMTP_URL is
// set), the webhook deliverer, the reconciliation schedule keeper and the hourly
// exposure snapshots (R15). Operators reach it over HTTP on HOST:WORKER_HTTP_PORT (/livez,
// /readyz, /metrics), and the Temporal SDK's own metrics on HOST:WORKER_SDK_METRICS_PORT/metrics.
import { Client } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { readEnvironment } from '../config/environment';
import { BillingCommandRelay } from '../billing-commands/relay';
import { cannotListen } from '../config/listen-error';
import { createDatabaseClient } from '../db/client';
import { ExposureSnapshotter } from '../sellers/exposure-snapshots';
import { EmailDispatcher } from '../notifications/email-dispatcher';
import { createLogger } from '../observability/logger';
import { withoutCredentials } from '../observability/redaction';
import { chargeRatePerSecond } from '../payments/charge-rate';
import { selectGateway } from '../payments/select-gateway';
import { DatabaseChargeRecord } from '../payments/simulated-charge-record';
import { ReconciliationScheduleKeeper } from '../reconciliation/schedule-keeper';
import { ReconciliationSchedules } from '../temporal/reconciliation-schedules';
import { SpendRelay } from '../spend/relay';
import { SellerBillingClient } from '../temporal/seller-billing-client';
import { backgroundTemporalConnection } from '../temporal/client-connection';
import { WebhookDeliverer } from '../webhooks/deliverer';
import { createBillingWorker, DATABASE_POOL_SIZE } from './billing-worker';
import { startWorkerHttpServer } from './http-server';
import { runPasses } from './poll-loop';

async function main(): Promise<void> {
  const env = readEnvironment();
  const logger = createLogger('worker');
  // Once per process, before any connection or worker: the SDK reads its runtime when they start.
  Runtime.install({
    telemetryOptions: {
      metrics: { prometheus: { bindAddress: `${env.HOST}:${env.WORKER_SDK_METRICS_PORT}` } },
    },
  });
  const db = createDatabaseClient(env.DATABASE_URL, DATABASE_POOL_SIZE);
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const clientConnection = await backgroundTemporalConnection(env.TEMPORAL_ADDRESS);
  const worker = await createBillingWorker({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    dependencies: {
      db,
      gateway: selectGateway(env, logger, new DatabaseChargeRecord(db)),
      logger,
      publicApiUrl: env.PUBLIC_API_URL,
    },
    chargeRatePerSecond: chargeRatePerSecond(env),
    maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
  });
  const billing = new SellerBillingClient(
    new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE }),
    db,
  );
  const commands = new BillingCommandRelay({
    db,
    billing,
    logger: logger.child({ component: 'billing-commands' }),
  });
  const relay = new SpendRelay({
    db,
    billing,
    logger: logger.child({ component: 'spend-relay' }),
    policy: {
      ...(env.SPEND_RELAY_POLL_INTERVAL_MS
        ? { pollIntervalMs: env.SPEND_RELAY_POLL_INTERVAL_MS }
        : {}),
      ...(env.SPEND_RELAY_SIGNAL_INTERVAL_MS
        ? { signalIntervalMs: env.SPEND_RELAY_SIGNAL_INTERVAL_MS }
        : {}),
    },
  });
  const mailer = env.SMTP_URL
    ? new EmailDispatcher({
        db,
        transport: nodemailer.createTransport(env.SMTP_URL),
        from: env.MAIL_FROM,
        logger: logger.child({ component: 'email-dispatcher' }),
        publicApiUrl: env.PUBLIC_API_URL,
      })
    : null;
  const webhooks = new WebhookDeliverer({
    db,
    logger: logger.child({ component: 'webhook-deliverer' }),
    urls: { allowInsecureUrls: env.ALLOW_INSECURE_WEBHOOKS },
  });
  const reconciliationSchedules = new ReconciliationScheduleKeeper({
    db,
    schedules: new ReconciliationSchedules(
      new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE }),
    ),
    logger: logger.child({ component: 'reconciliation-schedules' }),
  });
  const http = await startWorkerHttpServer({
    db,
    billing,
    logger,
    host: env.HOST,
    port: env.WORKER_HTTP_PORT,
  }).catch((error: Error) => {
    throw new Error(cannotListen(error, env.HOST, env.WORKER_HTTP_PORT, 'WORKER_HTTP_PORT'));
  });
  const stopLoops = new AbortController();
  logger.info(
    {
      temporal: env.TEMPORAL_ADDRESS,
      taskQueues: [worker.taskQueue, worker.charges.options.taskQueue],
      chargeRatePerSecond: chargeRatePerSecond(env),
      relay: relay.policy,
      http: `http://${env.HOST}:${env.WORKER_HTTP_PORT}`,
      sdkMetrics: `http://${env.HOST}:${env.WORKER_SDK_METRICS_PORT}/metrics`,
      smtp: env.SMTP_URL
        ? withoutCredentials(env.SMTP_URL)
        : 'off: notifications stay in the feed only (set SMTP_URL)',
    },
    'worker running',
  );
  // worker.run() resolves once the SDK's own SIGINT/SIGTERM handling has shut both workers down.
  const loopsStopped = Promise.all([
    relay.run(stopLoops.signal),
    mailer && runPasses(mailer, stopLoops.signal, logger, 'e-mail pass failed'),
    runPasses(webhooks, stopLoops.signal, logger, 'webhook pass failed'),
    commands.run(stopLoops.signal),
    runPasses(
      reconciliationSchedules,
      stopLoops.signal,
      logger,
      'reconciliation schedule pass failed',
    ),
    runPasses(new ExposureSnapshotter(db), stopLoops.signal, logger, 'exposure snapshot failed'),
  ]);
  try {
    await worker.run();
  } finally {
    stopLoops.abort();
    http.close();
    await loopsStopped;
    await clientConnection.close();
    await connection.close();
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
