// Liveness and readiness of the API: /livez answers while the process is up; /readyz names the
// state of the database and of Temporal, and answers 503 when one of them does not answer.
import { Client, Connection } from '@temporalio/client';
import { freePort } from '../../scripts/free-port';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import { startApi } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(() => stack?.stop());

const get = async (url: string) => {
  const answer = await fetch(url);
  return { status: answer.status, body: await answer.json() };
};

test('with the database and Temporal answering, the API is live and ready', async () => {
  expect(await get(`${stack.api.url}/livez`)).toEqual({ status: 200, body: { status: 'live' } });
  expect(await get(`${stack.api.url}/readyz`)).toEqual({
    status: 200,
    body: { status: 'ready', checks: { database: 'up', temporal: 'up' } },
  });
});

test('with Temporal unreachable, the API is live but not ready, and says which dependency is down', async () => {
  // Nothing listens there. Without the client's retry interceptor no retry outlives the test.
  const connection = Connection.lazy({
    address: `127.0.0.1:${await freePort()}`,
    interceptors: [],
  });
  const db = stack.database.db;
  const api = await startApi({
    db,
    billing: new SellerBillingClient(new Client({ connection }), db),
  });
  try {
    expect(await get(`${api.url}/livez`)).toEqual({ status: 200, body: { status: 'live' } });
    expect(await get(`${api.url}/readyz`)).toEqual({
      status: 503,
      body: { status: 'not_ready', checks: { database: 'up', temporal: 'down' } },
    });
  } finally {
    await api.kill();
    await connection.close().catch(() => {});
  }
});
