// Marketplace webhooks: an admin registers an endpoint; billing events (payment succeeded or
// failed, seller delinquent, campaigns paused or resumed) are POSTed signed to a real local HTTP
// receiver, retried with backoff, delivered once, and recorded for the admin to list.
import { createCampaignActivities } from '../../activities/campaigns';
import { createNotificationActivities } from '../../activities/notifications';
import type { WebhookDeliverer } from '../../webhooks/deliverer';
import type { NotifyRequest } from '../../workflows/activity-contracts';
import { verifySignature } from '../../webhooks/signature';
import { clientFor, keyFor, useDatabaseAndApi } from '../support/api';
import { fakeDns } from '../support/fake-dns';
import { waitFor } from '../support/wait-for';
import {
  adminOfNewMarketplace as newMarketplace,
  quietLogger as logger,
  startReceiver,
  testDeliverer,
} from './support';

interface DeliveredEvent {
  id: string;
  type: string;
  createdAt: string;
  data: { campaignIds?: string[] };
}

const files = useDatabaseAndApi();

/** The receivers are plain http on loopback, as ALLOW_INSECURE_WEBHOOKS=true lets them be. */
const deliverer = (policy: Partial<WebhookDeliverer['policy']> = {}) =>
  testDeliverer(
    files.database,
    { allowInsecureUrls: true, resolveHost: fakeDns().resolveHost },
    policy,
  );

const adminOfNewMarketplace = () => newMarketplace(files);

/** A marketplace whose admin registered a new receiver as its endpoint. */
async function endpointReceiving(answer: (index: number) => number) {
  const setup = await adminOfNewMarketplace();
  const receiver = await startReceiver(answer);
  const endpoint = (await setup.admin('POST', setup.path, { url: receiver.url })).body;
  const { notify } = createNotificationActivities({ db: files.database.db, logger });
  /** Runs the notify activity for the seller as the workflow would. */
  const notifySeller = (dedupeKey: string, event: NotifyRequest['event']) =>
    notify({ marketplaceId: setup.marketplace.id, sellerId: setup.seller.id, dedupeKey, event });
  return { ...setup, receiver, endpoint, notifySeller };
}

function succeeded(marketplaceId: string, sellerId: string, dedupeKey: string): NotifyRequest {
  return {
    marketplaceId,
    sellerId,
    dedupeKey,
    event: {
      kind: 'payment_succeeded',
      amountMinor: 12_345,
      currency: 'USD',
      cardBrand: 'visa',
      cardLast4: '4242',
      paymentId: '6f7a3e0e-2f4e-4d5c-9a55-0d7c1f0b2a11',
      receiptNumber: 7,
      resumedCampaignIds: [],
    },
  };
}

test('an admin registers an https endpoint and sees its secret once; others are refused', async () => {
  const { marketplace, seller, admin } = await adminOfNewMarketplace();
  const path = `/v1/marketplaces/${marketplace.id}/webhooks`;

  const created = await admin('POST', path, { url: 'https://hooks.market.example/billing' });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ url: 'https://hooks.market.example/billing', active: true });
  expect(created.body.secret).toMatch(/^whsec_[0-9a-f]{48}$/);

  for (const url of ['http://hooks.market.example/billing', 'ftp://127.0.0.1/x', 'not a url']) {
    const refused = await admin('POST', path, { url });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('url');
  }

  const listed = await admin('GET', path);
  expect(listed.body.data).toHaveLength(1);
  expect(listed.body.data[0]).not.toHaveProperty('secret');

  const other = await adminOfNewMarketplace();
  expect((await other.admin('GET', path)).status).toBe(404);
  expect((await other.admin('DELETE', `${path}/${created.body.id}`)).status).toBe(404);
  const sellerKey = await keyFor(files.database.db, 'seller', {
    marketplaceId: marketplace.id,
    sellerId: seller.id,
  });
  expect((await clientFor(files.api, sellerKey)('GET', path)).status).toBe(403);

  const disabled = await admin('DELETE', `${path}/${created.body.id}`);
  expect(disabled.status).toBe(200);
  expect(disabled.body).toMatchObject({ active: false });
  // A disabled endpoint gets no new events.
  const { notify } = createNotificationActivities({ db: files.database.db, logger });
  await notify(succeeded(marketplace.id, seller.id, `pay-${marketplace.id}:succeeded`));
  expect(
    await files.database.db.marketplaceWebhookDelivery.count({
      where: { endpointId: created.body.id },
    }),
  ).toBe(0);
});

test('billing events are POSTed once each, signed, with amounts in minor units', async () => {
  const { marketplace, seller, campaigns, receiver, endpoint, notifySeller } =
    await endpointReceiving(() => 204);
  const { pauseCampaignsForBilling, resumeCampaignsPausedByBilling } = createCampaignActivities({
    db: files.database.db,
    logger,
  });

  // Each step twice, as a retried activity would run it.
  const request = succeeded(marketplace.id, seller.id, `pay-${seller.id}-1:succeeded`);
  await notifySeller(request.dedupeKey, request.event);
  await notifySeller(request.dedupeKey, request.event);
  const input = { marketplaceId: marketplace.id, sellerId: seller.id };
  await pauseCampaignsForBilling(input);
  await pauseCampaignsForBilling(input);
  const campaignIds = campaigns.map((c) => c.id);
  await resumeCampaignsPausedByBilling({ sellerId: seller.id, campaignIds });
  await resumeCampaignsPausedByBilling({ sellerId: seller.id, campaignIds });

  const loop = deliverer();
  await waitFor(async () => {
    await loop.pass();
    return receiver.received.length >= 3;
  });
  for (let i = 0; i < 3; i += 1) await loop.pass();
  expect(receiver.received).toHaveLength(3);

  const events = receiver.received.map((r) => {
    expect(r.headers['content-type']).toBe('application/json');
    const header = r.headers['x-billing-signature'] as string;
    expect(verifySignature({ secret: endpoint.secret, body: r.body, header })).toBe(true);
    expect(verifySignature({ secret: 'whsec_wrong', body: r.body, header })).toBe(false);
    const event = JSON.parse(r.body) as DeliveredEvent;
    expect(r.headers['x-billing-event-id']).toBe(event.id);
    return event;
  });
  const byType = Object.fromEntries(events.map((e) => [e.type, e]));
  expect(Object.keys(byType).sort()).toEqual([
    'campaigns.paused',
    'campaigns.resumed',
    'payment.succeeded',
  ]);
  expect(byType['payment.succeeded']).toMatchObject({
    id: request.dedupeKey,
    marketplaceId: marketplace.id,
    sellerId: seller.id,
    data: {
      amountMinor: 12_345,
      currency: 'USD',
      cardBrand: 'visa',
      cardLast4: '4242',
      paymentId: request.event.kind === 'payment_succeeded' && request.event.paymentId,
      receiptNumber: 7,
    },
  });
  expect(Date.parse(byType['payment.succeeded']!.createdAt)).not.toBeNaN();
  expect(byType['campaigns.paused']!.data.campaignIds?.sort()).toEqual([...campaignIds].sort());
  expect(byType['campaigns.resumed']!.data.campaignIds?.sort()).toEqual([...campaignIds].sort());
});

test('a receiver that fails twice gets the event delivered once after retries, all recorded', async () => {
  const { seller, admin, receiver, path, endpoint, notifySeller } = await endpointReceiving(
    (index) => (index < 2 ? 500 : 200),
  );
  await notifySeller(`pay-${seller.id}-2:failed`, {
    kind: 'payment_failed',
    amountMinor: 5_000,
    currency: 'USD',
    failureCode: 'card_declined',
    failureMessage: 'Your card was declined.',
    requiresAction: false,
    nextRetryAt: '2026-12-01T00:00:00.000Z',
    pausedCampaignIds: [],
  });

  const loop = deliverer();
  const firstPassStartedAt = Date.now();
  expect(await loop.pass()).toBe(0);
  const afterFirst = await admin('GET', `${path}/${endpoint.id}/deliveries`);
  expect(afterFirst.body.data[0]).toMatchObject({
    eventType: 'payment.failed',
    status: 'pending',
    attempts: 1,
    lastStatusCode: 500,
    lastError: 'http_500',
  });
  // The retry is scheduled after the failed attempt, however long the attempt took.
  expect(Date.parse(afterFirst.body.data[0].nextAttemptAt)).toBeGreaterThan(firstPassStartedAt);

  await waitFor(async () => (await loop.pass()) === 1);
  for (let i = 0; i < 3; i += 1) await loop.pass();
  expect(receiver.received.map((r) => r.answeredStatus)).toEqual([500, 500, 200]);
  expect(new Set(receiver.received.map((r) => r.headers['x-billing-event-id']))).toEqual(
    new Set([`pay-${seller.id}-2:failed`]),
  );

  const listed = await admin('GET', `${path}/${endpoint.id}/deliveries`);
  expect(listed.status).toBe(200);
  expect(listed.body.data).toHaveLength(1);
  expect(listed.body.data[0]).toMatchObject({
    eventId: `pay-${seller.id}-2:failed`,
    eventType: 'payment.failed',
    status: 'delivered',
    attempts: 3,
    lastStatusCode: 200,
    lastError: null,
    nextAttemptAt: null,
    payload: { type: 'payment.failed', data: { amountMinor: 5_000, currency: 'USD' } },
  });
  expect(listed.body.data[0].deliveredAt).not.toBeNull();
});

test('after the maximum attempts a delivery is failed and recorded; nothing more is sent', async () => {
  const { seller, admin, receiver, path, endpoint, notifySeller } = await endpointReceiving(
    () => 503,
  );
  await notifySeller(`pay-${seller.id}-3:delinquent`, {
    kind: 'seller_delinquent',
    amountMinor: 5_000,
    currency: 'USD',
    failureMessage: 'Your card was declined.',
  });
  const loop = deliverer({ maxAttempts: 3 });
  await waitFor(async () => {
    await loop.pass();
    return receiver.received.length === 3;
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await loop.pass();
  expect(receiver.received).toHaveLength(3);
  const listed = await admin('GET', `${path}/${endpoint.id}/deliveries`);
  expect(listed.body.data[0]).toMatchObject({
    eventType: 'seller.delinquent',
    status: 'failed',
    attempts: 3,
    lastStatusCode: 503,
    nextAttemptAt: null,
    deliveredAt: null,
  });
});
