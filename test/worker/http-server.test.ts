// The worker's HTTP endpoints, served in-process on the test database and the time-skipping
// Temporal server: /livez, /readyz naming each dependency, and /metrics whose relay, e-mail and
// charge readings move with real ingestion, a real relay pass and a real charge, and whose
// e-mail and webhook counters move with real failed sends.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import nodemailer from 'nodemailer';
import { recordBillingCommands } from '../../billing-commands/record';
import { BillingCommandRelay } from '../../billing-commands/relay';
import { EmailDispatcher } from '../../notifications/email-dispatcher';
import { freePort } from '../../scripts/free-port';
import { createLogger } from '../../observability/logger';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { recordProjections } from '../../sellers/billing-projection';
import { recordSpendEvents } from '../../spend/ledger';
import { SpendRelay } from '../../spend/relay';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import { WebhookDeliverer } from '../../webhooks/deliverer';
import { sellerBillingWorkflowId } from '../../workflows/ids';
import { registerEndpoint } from '../../webhooks/endpoints';
import { enqueueWebhookEvent } from '../../webhooks/events';
import { startWorkerHttpServer } from '../../worker/http-server';
import { createTestDatabase } from '../support/database';
import { createMarketplace, createSelfServiceSeller, spendEvent } from '../support/fixtures';
import { countOf, sampleOf, scrape } from '../support/metrics';
import { useTemporalAndDatabase } from '../support/servers';
import { createTestWorker } from '../support/temporal';
import { waitFor } from '../support/wait-for';

const logger = createLogger('worker-http-test');
const servers = useTemporalAndDatabase();

async function serve(billing: SellerBillingClient, db = servers.database.db) {
  const server = await startWorkerHttpServer({
    db,
    billing,
    logger,
    host: '127.0.0.1',
    port: 0,
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

const get = async (url: string) => {
  const answer = await fetch(url);
  return { status: answer.status, body: await answer.json() };
};

test('with the database and Temporal answering, the worker is live and ready', async () => {
  const http = await serve(servers.billing);
  try {
    expect(await get(`${http.url}/livez`)).toEqual({ status: 200, body: { status: 'live' } });
    expect(await get(`${http.url}/readyz`)).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: 'up', temporal: 'up' } },
    });
  } finally {
    await http.close();
  }
});

test('with Temporal unreachable, the worker is live but not ready, and says which dependency is down', async () => {
  // Nothing listens there. Without the client's retry interceptor no retry outlives the test.
  const connection = Connection.lazy({
    address: `127.0.0.1:${await freePort()}`,
    interceptors: [],
  });
  const db = servers.database.db;
  const http = await serve(new SellerBillingClient(new Client({ connection }), db));
  try {
    expect(await get(`${http.url}/livez`)).toEqual({ status: 200, body: { status: 'live' } });
    expect(await get(`${http.url}/readyz`)).toEqual({
      status: 503,
      body: { status: 'not_ready', checks: { database: 'up', temporal: 'down' } },
    });
    // The scrape still answers: a reading that cannot be taken is left out, not an error.
    const text = await scrape(http.url);
    expect(sampleOf(text, 'billing_workflows', { billing_status: 'active' })).toBeUndefined();
    expect(sampleOf(text, 'billing_webhook_backlog')).toBe(0);
  } finally {
    await http.close();
    await connection.close().catch(() => {});
  }
});

test('relay lag, sellers set aside, the e-mail backlog and charges move with ingestion, a relay pass and a charge', async () => {
  const { db } = servers.database;
  const http = await serve(servers.billing);
  const worker = await createTestWorker(servers.env, {
    db,
    gateway: new SimulatedGateway(),
    logger,
  });
  await worker
    .runUntil(async () => {
      const marketplace = await createMarketplace(db, { currency: 'EUR' });
      const payer = await createSelfServiceSeller(db, marketplace.id, { name: 'Payer' });
      await servers.billing.start(marketplace.id, payer.seller.id);
      // Self-service, but its workflow never started: the relay will set it aside.
      const orphan = await createSelfServiceSeller(db, marketplace.id, { name: 'Orphan' });
      const before = await scrape(http.url);
      expect(sampleOf(before, 'billing_spend_relay_lag_seconds')).toBe(0);
      expect(
        sampleOf(before, 'billing_spend_relay_sellers_set_aside', {
          reason: 'workflow_not_running',
        }),
      ).toBe(0);

      await recordSpendEvents(db, marketplace.id, [
        spendEvent('payer-1', payer.seller.id, payer.campaigns[0]!.id, 120_000_000),
        spendEvent('orphan-1', orphan.seller.id, orphan.campaigns[0]!.id, 5_000_000),
      ]);
      const lag = async () => sampleOf(await scrape(http.url), 'billing_spend_relay_lag_seconds');
      await waitFor(async () => ((await lag()) ?? 0) > 0);

      await new SpendRelay({ db, billing: servers.billing, logger }).pass();
      await waitFor(
        async () => (await db.payment.count({ where: { sellerId: payer.seller.id } })) > 0,
      );
      const emailBacklog = async () => countOf(await scrape(http.url), 'billing_email_backlog');
      await waitFor(async () => (await emailBacklog()) > countOf(before, 'billing_email_backlog'));
      const after = await scrape(http.url);

      expect(sampleOf(after, 'billing_spend_relay_lag_seconds')).toBe(0);
      expect({
        workflowNotRunning: sampleOf(after, 'billing_spend_relay_sellers_set_aside', {
          reason: 'workflow_not_running',
        }),
        spendOutOfBounds: sampleOf(after, 'billing_spend_relay_sellers_set_aside', {
          reason: 'spend_out_of_bounds',
        }),
      }).toEqual({ workflowNotRunning: 1, spendOutOfBounds: 0 });
      const succeeded = { outcome: 'succeeded', currency: 'EUR' };
      expect(
        countOf(after, 'billing_charges_total', succeeded) -
          countOf(before, 'billing_charges_total', succeeded),
      ).toBe(1);
      expect(sampleOf(after, 'billing_webhook_backlog')).toBe(0);

      // Exposure (R15): what the marketplace's workflows reported unbilled. The payer's charge
      // is reported as 0; a report of 7 standing in for the orphan's workflow adds 7.
      await recordProjections(db, [
        {
          marketplaceId: marketplace.id,
          sellerId: orphan.seller.id,
          version: 1,
          status: 'past_due',
          creditLimitMinor: 10_000,
          pendingCreditLimitMinor: null,
          unbilledMicros: 7_000_000,
          cycleStartsAtMs: Date.parse('2026-11-01T00:00:00Z'),
          cycleEndsAtMs: Date.parse('2026-12-01T00:00:00Z'),
        },
      ]);
      const exposure = async () =>
        sampleOf(await scrape(http.url), 'billing_exposure_micros', {
          marketplace_id: marketplace.id,
        });
      await waitFor(async () => (await exposure()) === 7_000_000);
    })
    .finally(() => http.close());
});

test('undelivered billing commands are counted: pending until the relay runs, then set aside by reason', async () => {
  const { db } = servers.database;
  const http = await serve(servers.billing);
  try {
    const marketplace = await createMarketplace(db);
    const { seller } = await createSelfServiceSeller(db, marketplace.id, { name: 'Stopped' });
    await servers.billing.start(marketplace.id, seller.id);
    await servers.env.client.workflow
      .getHandle(sellerBillingWorkflowId(marketplace.id, seller.id))
      .terminate('stopped by an operator');
    const inState = (text: string, state: string) =>
      countOf(text, 'billing_commands_undelivered', { state });
    const before = await scrape(http.url);
    await db.$transaction((tx) =>
      recordBillingCommands(tx, { marketplaceId: marketplace.id, sellerIds: [seller.id] }, 'start'),
    );
    const pending = await scrape(http.url);
    expect(inState(pending, 'pending') - inState(before, 'pending')).toBe(1);

    await new BillingCommandRelay({ db, billing: servers.billing, logger }).pass();
    const after = await scrape(http.url);
    expect(inState(after, 'pending') - inState(before, 'pending')).toBe(0);
    expect(inState(after, 'workflow_not_running') - inState(before, 'workflow_not_running')).toBe(
      1,
    );
  } finally {
    await http.close();
  }
});

test('failed e-mails and webhook deliveries are counted, and so are their give-ups', async () => {
  // A database of its own: the dispatcher would also try the e-mails other tests left.
  const database = await createTestDatabase();
  const { db } = database;
  const http = await serve(servers.billing, db);
  try {
    const marketplace = await createMarketplace(db);
    const { seller } = await createSelfServiceSeller(db, marketplace.id);
    // Nothing listens on this port: every SMTP and HTTP connection to it is refused.
    const closed = `127.0.0.1:${await freePort()}`;
    await db.notification.create({
      data: {
        marketplaceId: marketplace.id,
        sellerId: seller.id,
        recipientRole: 'seller',
        kind: 'payment_succeeded',
        subject: 'Payment received',
        body: 'Thank you.',
        dedupeKey: `metrics-${randomUUID()}`,
        emailTo: 'seller@shop.example',
      },
    });
    await registerEndpoint(
      { db, policy: { allowInsecureUrls: true } },
      marketplace.id,
      `http://${closed}/hook`,
    );
    await enqueueWebhookEvent(db, {
      id: randomUUID(),
      type: 'payment.succeeded',
      marketplaceId: marketplace.id,
      sellerId: seller.id,
      data: {},
    });
    const before = await scrape(http.url);
    expect(sampleOf(before, 'billing_webhook_backlog')).toBe(1);

    let nowMs = Date.now();
    const mailer = new EmailDispatcher({
      db,
      transport: nodemailer.createTransport(`smtp://${closed}`),
      from: 'Billing <billing@market.example>',
      logger: Object.assign(createLogger('test-email'), { level: 'silent' }),
      policy: { maxAttempts: 2, baseDelayMs: 1_000 },
      now: () => nowMs,
    });
    expect(await mailer.pass()).toBe(0);
    const afterOneFailure = await scrape(http.url);
    nowMs += 60 * 60_000; // past the retry's backoff
    expect(await mailer.pass()).toBe(0);
    await new WebhookDeliverer({
      db,
      logger: Object.assign(createLogger('test-webhooks'), { level: 'silent' }),
      urls: { allowInsecureUrls: true },
      policy: { maxAttempts: 1 },
    }).pass();
    const after = await scrape(http.url);

    const moved = (from: string, to: string, name: string) =>
      countOf(to, name) - countOf(from, name);
    expect({
      emailFailures: moved(before, afterOneFailure, 'billing_email_failures_total'),
      emailGiveUps: moved(before, afterOneFailure, 'billing_email_give_ups_total'),
    }).toEqual({ emailFailures: 1, emailGiveUps: 0 });
    expect({
      emailFailures: moved(before, after, 'billing_email_failures_total'),
      emailGiveUps: moved(before, after, 'billing_email_give_ups_total'),
      webhookFailures: moved(before, after, 'billing_webhook_failures_total'),
      webhookGiveUps: moved(before, after, 'billing_webhook_give_ups_total'),
      webhookBacklog: sampleOf(after, 'billing_webhook_backlog'),
    }).toEqual({
      emailFailures: 2,
      emailGiveUps: 1,
      webhookFailures: 1,
      webhookGiveUps: 1,
      webhookBacklog: 0,
    });
  } finally {
    await http.close();
    await database.close();
  }
});
