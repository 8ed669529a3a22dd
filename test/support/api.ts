// The API for a test file: the real Express app on a free port, with keys for each role.
import type { Server } from 'node:http';
import type { Express } from 'express';
import { issueApiKey, type Role } from '../../api/api-keys';
import { createApp } from '../../api/app';
import type { Database } from '../../db/client';
import { createLogger } from '../../observability/logger';
import type { PaymentGateway } from '../../payments/gateway';
import type { SellerBillingClient } from '../../temporal/seller-billing-client';

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

export async function listen(app: Express): Promise<RunningApi> {
  const server = await new Promise<Server>((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A client that sends one API key; `call` answers status and parsed JSON body. */
export function clientFor(api: RunningApi, key: string) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json: unknown =
      text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null;
    // The answer is read loosely; the tests' assertions are what check its shape.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: response.status, body: json as Record<string, any> };
  };
}

export function keyFor(
  db: Database,
  role: Role,
  scope: { marketplaceId?: string; sellerId?: string } = {},
): Promise<string> {
  return issueApiKey(db, { role, ...scope });
}

export const TEST_WEBHOOK_SECRET = 'whsec_test_selfserve_billing';
export const TEST_CONNECT_URLS = {
  returnUrl: 'https://admin.market.example/payments/stripe/return',
  refreshUrl: 'https://admin.market.example/payments/stripe/refresh',
};

/** The product's API with a payment gateway, the test webhook secret and Connect addresses. */
export function startPaymentsApi(deps: {
  db: Database;
  billing: SellerBillingClient;
  gateway: PaymentGateway;
}): Promise<RunningApi> {
  return listen(
    createApp({
      db: deps.db,
      billing: deps.billing,
      logger: createLogger('test'),
      payments: {
        gateway: deps.gateway,
        webhookSecret: TEST_WEBHOOK_SECRET,
        connect: TEST_CONNECT_URLS,
      },
    }),
  );
}
