// Delivering webhooks as an attacker would try it: a host that resolves to a public address at
// registration and to loopback at delivery (DNS rebinding) gets no connection; failures are
// recorded as a few fixed categories, the same for a closed port and an open non-HTTP or non-TLS
// one; and poisoned deliveries of one marketplace never stop another marketplace's delivery.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createNotificationActivities } from '../../activities/notifications';
import type { WebhookDeliverer } from '../../webhooks/deliverer';
import type { WebhookUrlPolicy } from '../../webhooks/endpoint-url';
import type { NotifyRequest } from '../../workflows/activity-contracts';
import { useDatabaseAndApi } from '../support/api';
import { fakeDns } from '../support/fake-dns';
import {
  adminOfNewMarketplace,
  closedPort,
  quietLogger,
  startReceiver,
  startTcpService,
  startUntrustedTlsServer,
  testDeliverer,
} from './support';

const apiDns = fakeDns();
/** The API as in development: loopback endpoints allowed, so tests can point at local servers. */
const context = useDatabaseAndApi({
  webhooks: { allowInsecureUrls: true, resolveHost: apiDns.resolveHost },
});
const db = () => context.database.db;

/** One deliverer pass; what fails is not due again during this file, so tests stay apart. */
function deliverOnce(urls: WebhookUrlPolicy, policy: Partial<WebhookDeliverer['policy']> = {}) {
  const hour = 60 * 60_000;
  return testDeliverer(context.database, urls, {
    baseDelayMs: hour,
    maxDelayMs: hour,
    ...policy,
  }).pass();
}

let notified = 0;
/** One billing event for the marketplace's seller: a delivery to each of its endpoints. */
async function notifyMarketplace(setup: Awaited<ReturnType<typeof adminOfNewMarketplace>>) {
  const { notify } = createNotificationActivities({ db: db(), logger: quietLogger });
  notified += 1;
  const request: NotifyRequest = {
    marketplaceId: setup.marketplace.id,
    sellerId: setup.seller.id,
    dedupeKey: `delinquent-${setup.seller.id}-${notified}`,
    event: {
      kind: 'seller_delinquent',
      amountMinor: 5_000,
      currency: 'USD',
      failureMessage: 'Your card was declined.',
    },
  };
  await notify(request);
}

async function deliveriesOf(marketplaceId: string) {
  return db().marketplaceWebhookDelivery.findMany({
    where: { endpoint: { marketplaceId } },
    include: { endpoint: true },
  });
}

test('DNS rebinding: public at registration, loopback at delivery: no connection is made', async () => {
  const receiver = await startReceiver();
  const setup = await adminOfNewMarketplace(context);
  for (const [name, rebound] of [
    ['rebind-v4.example', ['127.0.0.1']],
    ['rebind-v6.example', ['::1']],
    ['rebind-mapped.example', ['::ffff:127.0.0.1']],
    ['rebind-mixed.example', ['93.184.215.14', '127.0.0.1']],
  ] as const) {
    const url = `https://${name}:${receiver.port}/billing-events`;
    expect((await setup.admin('POST', setup.path, { url })).status).toBe(201);
    apiDns.set(name, [...rebound]);
  }
  await notifyMarketplace(setup);

  // Even with ALLOW_INSECURE_WEBHOOKS, only the loopback names themselves may be loopback.
  expect(await deliverOnce({ allowInsecureUrls: true, resolveHost: apiDns.resolveHost })).toBe(0);

  expect(receiver.connections()).toBe(0);
  const deliveries = await deliveriesOf(setup.marketplace.id);
  expect(deliveries).toHaveLength(4);
  for (const delivery of deliveries) {
    expect(delivery).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: null,
      lastError: 'address_not_allowed',
    });
  }
});

test('a closed port and open non-HTTP or non-TLS ports record the same error', async () => {
  const banner = await startTcpService('banner');
  const plainHttp = await startReceiver();
  const closed = await closedPort();
  const setup = await adminOfNewMarketplace(context);
  const urls = [
    `http://127.0.0.1:${closed}/`,
    `http://127.0.0.1:${banner}/`,
    `https://127.0.0.1:${closed}/`,
    `https://127.0.0.1:${banner}/`,
    `https://127.0.0.1:${plainHttp.port}/`,
    `https://localhost:${closed}/`,
    `https://localhost:${plainHttp.port}/`,
  ];
  for (const url of urls) {
    expect((await setup.admin('POST', setup.path, { url })).status).toBe(201);
  }
  await notifyMarketplace(setup);

  expect(await deliverOnce({ allowInsecureUrls: true })).toBe(0);

  const recorded = (await deliveriesOf(setup.marketplace.id)).map((d) => [
    d.endpoint.url,
    d.lastStatusCode,
    d.lastError,
  ]);
  expect(recorded.sort()).toEqual(urls.map((url) => [url, null, 'connection_failed']).sort());
  // The receiver was reached (a TLS hello is not HTTP), and still nothing tells it apart.
  expect(plainHttp.connections()).toBeGreaterThan(0);
  expect(plainHttp.received).toHaveLength(0);
});

test('an endpoint that accepts the connection and never answers records timeout', async () => {
  const silent = await startTcpService('silent');
  const setup = await adminOfNewMarketplace(context);
  const url = `http://127.0.0.1:${silent}/`;
  expect((await setup.admin('POST', setup.path, { url })).status).toBe(201);
  await notifyMarketplace(setup);

  expect(await deliverOnce({ allowInsecureUrls: true }, { requestTimeoutMs: 300 })).toBe(0);

  const [delivery] = await deliveriesOf(setup.marketplace.id);
  expect(delivery).toMatchObject({ lastStatusCode: null, lastError: 'timeout' });
});

test('a TLS server with an untrusted certificate records tls_failed', async () => {
  const tls = await startUntrustedTlsServer();
  const setup = await adminOfNewMarketplace(context);
  const url = `https://localhost:${tls}/billing-events`;
  expect((await setup.admin('POST', setup.path, { url })).status).toBe(201);
  await notifyMarketplace(setup);

  expect(await deliverOnce({ allowInsecureUrls: true })).toBe(0);

  const [delivery] = await deliveriesOf(setup.marketplace.id);
  expect(delivery).toMatchObject({ lastStatusCode: null, lastError: 'tls_failed' });
});

test('errors recorded raw before the categories are folded into them by the migration', async () => {
  const setup = await adminOfNewMarketplace(context);
  const endpoint = await db().marketplaceWebhookEndpoint.create({
    data: { marketplaceId: setup.marketplace.id, url: 'https://a.example/', secret: 'whsec_old' },
  });
  const rawErrors = {
    'fetch failed: connect ECONNREFUSED 127.0.0.1:6379': 'connection_failed',
    'fetch failed: other side closed': 'connection_failed',
    'fetch failed: write EPROTO 00D8:error:0A00010B:SSL routines': 'connection_failed',
    'HTTP 503': 'http_503',
    http_404: 'http_404',
    timeout: 'timeout',
  };
  for (const [index, lastError] of Object.keys(rawErrors).entries()) {
    await db().marketplaceWebhookDelivery.create({
      data: {
        endpointId: endpoint.id,
        eventId: `old-${index}`,
        eventType: 'payment.failed',
        payload: {},
        status: 'failed',
        lastError,
      },
    });
  }
  const migration = path.join(
    __dirname,
    '../../prisma/migrations/20261128094700_webhook_error_categories/migration.sql',
  );
  await db().$executeRawUnsafe(readFileSync(migration, 'utf8'));

  const folded = await db().marketplaceWebhookDelivery.findMany({
    where: { endpointId: endpoint.id },
    orderBy: { eventId: 'asc' },
  });
  expect(folded.map((delivery) => delivery.lastError)).toEqual(Object.values(rawErrors));
});

const EVIL_EVENT_ID = 'evil\r\nX-Injected: yes';

test("one marketplace's poisoned deliveries never stop another marketplace's, in the same pass", async () => {
  const poisoned = await adminOfNewMarketplace(context);
  const trap = await startReceiver();
  // Rows an attacker or an old version could have left: written straight to the database.
  const endpoints = await Promise.all(
    [
      'not a url',
      'https://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'https://user:pass@hooks.market.example/',
      'https://metadata.google.internal/computeMetadata/v1/',
      trap.url,
    ].map((url) =>
      db().marketplaceWebhookEndpoint.create({
        data: { marketplaceId: poisoned.marketplace.id, url, secret: 'whsec_poisoned' },
      }),
    ),
  );
  await notifyMarketplace(poisoned);
  // A delivery that throws while its request is built: an event id no HTTP header can carry.
  await db().marketplaceWebhookDelivery.create({
    data: {
      endpointId: endpoints.at(-1)!.id,
      eventId: EVIL_EVENT_ID,
      eventType: 'seller.delinquent',
      payload: { id: 'evil' },
    },
  });
  // The healthy marketplace's event is the last one due.
  const healthy = await adminOfNewMarketplace(context);
  const receiver = await startReceiver();
  expect((await healthy.admin('POST', healthy.path, { url: receiver.url })).status).toBe(201);
  await notifyMarketplace(healthy);

  // Delivered: the healthy marketplace's event, and the trap's well-formed one.
  await expect(deliverOnce({ allowInsecureUrls: true }, { maxAttempts: 1 })).resolves.toBe(2);

  expect(receiver.received).toHaveLength(1);
  expect((await deliveriesOf(healthy.marketplace.id))[0]).toMatchObject({ status: 'delivered' });
  const outcomes = (await deliveriesOf(poisoned.marketplace.id)).map((d) => [
    d.endpoint.url,
    d.eventId === EVIL_EVENT_ID ? 'evil event' : 'event',
    d.status,
    d.attempts,
    d.lastError,
  ]);
  expect(outcomes.sort()).toEqual(
    [
      ['not a url', 'event', 'failed', 1, 'url_not_allowed'],
      ['https://169.254.169.254/latest/meta-data/', 'event', 'failed', 1, 'address_not_allowed'],
      ['http://10.0.0.1/', 'event', 'failed', 1, 'url_not_allowed'],
      ['https://user:pass@hooks.market.example/', 'event', 'failed', 1, 'url_not_allowed'],
      [
        'https://metadata.google.internal/computeMetadata/v1/',
        'event',
        'failed',
        1,
        'address_not_allowed',
      ],
      [trap.url, 'event', 'delivered', 1, null],
      [trap.url, 'evil event', 'failed', 1, 'delivery_error'],
    ].sort(),
  );
  // The trap got the well-formed event only.
  expect(trap.received.map((r) => r.headers['x-injected'])).toEqual([undefined]);
});
