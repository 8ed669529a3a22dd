// The API on a loopback port for tests and benchmarks, with a small JSON client for it.
import type { Server } from 'node:http';
import { createApp } from '../../api/app';
import type { Database } from '../../db/client';
import { createLogger } from '../../observability/logger';

export interface RunningApi {
  url: string;
  /** Stops at once: open connections are cut, as when the process dies. */
  kill(): Promise<void>;
}

export async function startApi(db: Database, port = 0): Promise<RunningApi> {
  const app = createApp({ db, logger: createLogger('api-test') });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(port, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${boundPort}`,
    kill: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Calls the API; T is the JSON shape the caller expects (tests assert it). */
export async function callApi<T>(
  url: string,
  key: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}
