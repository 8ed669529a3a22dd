// The product's API for a test file or a benchmark: the real Express app on a loopback port,
// with small JSON clients and keys for each role.
import type { Server } from 'node:http';
import { Client } from '@temporalio/client';
import { issueApiKey, type Role } from '../../access/api-keys';
import { createApp } from '../../api/app';
import { BillingCommandRelay, type CommandDelivery } from '../../billing-commands/relay';
import type { Database } from '../../db/client';
import { createLogger, type Logger } from '../../observability/logger';
import type { WebhookSettings } from '../../api/routes/marketplace-webhooks';
import type { PaymentGateway } from '../../payments/gateway';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import type { PortalSettings } from '../../pages/settings';
import { API_TEMPORAL_CALL_TIMEOUT_MS } from '../../temporal/bounded-call';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import { createTestDatabase, type TestDatabase } from './database';
import { fakeDns } from './fake-dns';

export interface RunningApi {
  url: string;
  close(): Promise<void>;
  /** Stops at once: open connections are cut, as when the process dies. */
  kill(): Promise<void>;
}

export const TEST_WEBHOOK_SECRET = 'whsec_test_selfserve_billing';
export const TEST_CONNECT_URLS = {
  returnUrl: 'https://admin.market.example/payments/stripe/return',
  refreshUrl: 'https://admin.market.example/payments/stripe/refresh',
};

/**
 * Starts the API. Without `billing`, Temporal is reached lazily at its default address (for
 * tests whose routes never touch a workflow); without `gateway`, payments are simulated.
 * Without `webhooks`, loopback http endpoints are allowed and names resolve with fakeDns.
 */
export async function startApi(
  deps: {
    db: Database;
    billing?: SellerBillingClient;
    /** How requests deliver their billing commands; by default through `billing`. */
    commands?: CommandDelivery;
    gateway?: PaymentGateway;
    webhooks?: WebhookSettings;
    logger?: Logger;
    portal?: PortalSettings;
    /** Stripe sends the admin back to this API's portal pages, not to TEST_CONNECT_URLS. */
    connectToPortal?: boolean;
  },
  port = 0,
): Promise<RunningApi> {
  // Read at each request, so the addresses can name the port once it is bound.
  const connect = { ...TEST_CONNECT_URLS };
  // The API's own call timeout, as api/main.ts sets it, beside the relays' longer one.
  const billing = (deps.billing ?? new SellerBillingClient(new Client(), deps.db)).withCallTimeout(
    API_TEMPORAL_CALL_TIMEOUT_MS,
  );
  const logger = deps.logger ?? createLogger('test-api');
  const app = createApp({
    db: deps.db,
    billing,
    commands: deps.commands ?? new BillingCommandRelay({ db: deps.db, billing, logger }),
    logger,
    payments: {
      gateway: deps.gateway ?? new SimulatedGateway(),
      webhookSecret: TEST_WEBHOOK_SECRET,
      connect,
    },
    // Tests receive webhooks on a loopback http server (ALLOW_INSECURE_WEBHOOKS=true).
    webhooks: deps.webhooks ?? { allowInsecureUrls: true, resolveHost: fakeDns().resolveHost },
    portal: deps.portal,
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(port, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  if (deps.connectToPortal) {
    const portal = `http://127.0.0.1:${boundPort}/portal/stripe`;
    Object.assign(connect, { returnUrl: `${portal}/return`, refreshUrl: `${portal}/refresh` });
  }
  const close = (cut: boolean) =>
    new Promise<void>((resolve) => {
      if (cut) server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${boundPort}`,
    close: () => close(false),
    kill: () => close(true),
  };
}

async function send(url: string, key: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const json: unknown =
    text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null;
  return { status: response.status, body: json };
}

/** Calls the API (GET without a body, POST with one); T is the JSON shape the caller expects. */
export async function callApi<T>(url: string, key: string, path: string, body?: unknown) {
  const answer = await send(url, key, body === undefined ? 'GET' : 'POST', path, body);
  return answer as { status: number; body: T };
}

/** A client that sends one API key; the answer is read loosely, the tests' assertions check it. */
export function clientFor(api: RunningApi, key: string) {
  return async (method: string, path: string, body?: unknown) =>
    (await send(api.url, key, method, path, body)) as { status: number; body: Record<string, any> };
}

export function keyFor(
  db: Database,
  role: Role,
  scope: { marketplaceId?: string; sellerId?: string } = {},
): Promise<string> {
  return issueApiKey(db, { role, ...scope });
}

/** A fresh database and the API on it, for a test file whose routes never reach Temporal. */
export function useDatabaseAndApi(options: { webhooks?: WebhookSettings } = {}): {
  database: TestDatabase;
  api: RunningApi;
} {
  const handle = {} as { database: TestDatabase; api: RunningApi };
  beforeAll(async () => {
    handle.database = await createTestDatabase();
    handle.api = await startApi({ db: handle.database.db, ...options });
  });
  afterAll(async () => {
    await handle.api?.close();
    await handle.database?.close();
  });
  return handle;
}

/** The source document's marketplace (Marché Central, EUR, Paris) as the platform creates it
 * through the API: its id, its admin's key, and clients for its admin and its ad server. */
export async function createSourceDocumentMarketplace(
  api: RunningApi,
  platform: ReturnType<typeof clientFor>,
) {
  const created = await platform('POST', '/v1/marketplaces', {
    name: 'Marché Central',
    currency: 'EUR',
    timeZone: 'Europe/Paris',
    adminEmail: 'billing@marche.example',
  });
  expect(created.status).toBe(201);
  const adminKey = created.body.adminKey as string;
  return {
    marketplaceId: created.body.marketplace.id as string,
    adminKey,
    admin: clientFor(api, adminKey),
    ingest: clientFor(api, created.body.ingestKey as string),
  };
}
