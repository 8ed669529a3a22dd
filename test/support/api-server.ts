// Runs the real Express app on a free loopback port for a test, with a fetch helper.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type ApiDependencies } from '../../api/app';

export interface RunningApi {
  baseUrl: string;
  request(
    method: string,
    path: string,
    options?: { key?: string; body?: unknown },
  ): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startApi(deps: ApiDependencies): Promise<RunningApi> {
  const server: Server = await new Promise((resolve) => {
    const listening = createApp(deps).listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    async request(method, path, options = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body:
          options.body === undefined
            ? undefined
            : typeof options.body === 'string'
              ? options.body
              : JSON.stringify(options.body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
