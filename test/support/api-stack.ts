// The whole system for an API test file: the time-skipping Temporal server, a fresh database, a
// real billing worker on the simulated gateway, the API, and optionally the spend relay and the
// e-mail dispatcher sending to a real SMTP server (Mailpit).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import nodemailer from 'nodemailer';
import { EmailDispatcher } from '../../notifications/email-dispatcher';
import { createLogger } from '../../observability/logger';
import { runPasses } from '../../worker/poll-loop';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { SpendRelay } from '../../spend/relay';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import { startApi, type RunningApi } from './api';
import { createTestDatabase, type TestDatabase } from './database';
import { startMailbox, type Mailbox } from './mailbox';
import { createTestWorker, createTimeSkippingEnvironment } from './temporal';

export interface ApiStack {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  billing: SellerBillingClient;
  api: RunningApi;
  /** The SMTP server the e-mails went to (with `mail: true`). */
  mailbox: Mailbox | null;
  stop(): Promise<void>;
}

export async function startApiStack(
  options: { relay?: boolean; mail?: boolean; connectToPortal?: boolean } = {},
): Promise<ApiStack> {
  const [env, database] = await Promise.all([
    createTimeSkippingEnvironment(),
    createTestDatabase(),
  ]);
  const { db } = database;
  const gateway = new SimulatedGateway();
  const logger = createLogger('test-stack');
  const worker = await createTestWorker(env, { db, gateway, logger });
  const running = worker.run();
  const billing = new SellerBillingClient(env.client, db);
  const stopLoops = new AbortController();
  const relaying = options.relay
    ? new SpendRelay({ db, billing, logger }).run(stopLoops.signal)
    : Promise.resolve();
  const mailbox = options.mail ? await startMailbox() : null;
  const mailing = mailbox
    ? runPasses(
        new EmailDispatcher({
          db,
          transport: nodemailer.createTransport(mailbox.smtpUrl),
          from: 'Billing <billing@selfserve.example>',
          logger,
          policy: { pollIntervalMs: 200 },
        }),
        stopLoops.signal,
        logger,
        'e-mail pass failed',
      )
    : Promise.resolve();
  const api = await startApi({ db, billing, gateway, connectToPortal: options.connectToPortal });
  return {
    env,
    database,
    billing,
    api,
    mailbox,
    async stop() {
      await api.close();
      stopLoops.abort();
      await Promise.all([relaying, mailing]);
      await mailbox?.stop();
      worker.shutdown();
      await running;
      await database.close();
      await env.teardown();
    },
  };
}
