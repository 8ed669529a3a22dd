// What the webhook tests share: a marketplace with its admin client, a real HTTP receiver on
// loopback that also counts the connections it accepts, plain TCP services (not HTTP, not TLS)
// and an HTTPS server whose self-signed certificate nobody trusts.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { createLogger } from '../../observability/logger';
import { freePort } from '../../scripts/free-port';
import type { WebhookUrlPolicy } from '../../webhooks/endpoint-url';
import { WebhookDeliverer } from '../../webhooks/deliverer';
import { clientFor, keyFor, type RunningApi } from '../support/api';
import type { TestDatabase } from '../support/database';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  answeredStatus: number;
}

export const quietLogger = Object.assign(createLogger('test-webhooks'), { level: 'silent' });

/** Servers started by a test; the test file closes them after each test. */
const started: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

async function listenOnLoopback(server: net.Server): Promise<number> {
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  started.push({
    close: () =>
      new Promise<void>((resolve) => {
        if (server instanceof http.Server || server instanceof https.Server) {
          server.closeAllConnections();
        }
        server.close(() => resolve());
      }),
  });
  return port;
}

/** A webhook receiver on loopback; `answer` picks the status of each request in turn. */
export async function startReceiver(answer: (index: number) => number = () => 204) {
  const received: Received[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answeredStatus = answer(received.length);
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        answeredStatus,
      });
      res.writeHead(answeredStatus).end();
    });
  });
  server.on('connection', () => (connections += 1));
  const port = await listenOnLoopback(server);
  return {
    port,
    url: `http://127.0.0.1:${port}/billing-events`,
    received,
    connections: () => connections,
  };
}

/**
 * A TCP service that is neither HTTP nor TLS: 'banner' greets like an SSH server and hangs up,
 * 'silent' accepts and never answers.
 */
export async function startTcpService(kind: 'banner' | 'silent'): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    if (kind === 'banner') socket.end('SSH-2.0-OpenSSH_9.6\r\n');
  });
  const port = await listenOnLoopback(server);
  started.push({
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      return Promise.resolve();
    },
  });
  return port;
}

/** An HTTPS server for localhost with a self-signed certificate (made with the openssl CLI). */
export async function startUntrustedTlsServer(): Promise<number> {
  const pem = execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
      '-subj',
      '/CN=localhost',
      '-days',
      '1',
      '-keyout',
      '-',
      '-out',
      '-',
    ]),
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const block = (label: string) =>
    pem.match(new RegExp(`-----BEGIN ${label}-----[^-]+-----END ${label}-----`))![0];
  const server = https.createServer(
    { key: block('PRIVATE KEY'), cert: block('CERTIFICATE') },
    (_req, res) => res.writeHead(204).end(),
  );
  return listenOnLoopback(server);
}

/** A closed port: free on loopback, nothing listens. */
export const closedPort = freePort;

export async function adminOfNewMarketplace(context: { database: TestDatabase; api: RunningApi }) {
  const db = context.database.db;
  const marketplace = await createMarketplace(db);
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id, {
    campaigns: 2,
  });
  const admin = clientFor(
    context.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  const path = `/v1/marketplaces/${marketplace.id}/webhooks`;
  return { marketplace, seller, campaigns, admin, path };
}

/** A deliverer on the test database with short retry delays. */
export function testDeliverer(
  database: TestDatabase,
  urls: WebhookUrlPolicy,
  policy: Partial<WebhookDeliverer['policy']> = {},
) {
  return new WebhookDeliverer({
    db: database.db,
    logger: quietLogger,
    urls,
    policy: { baseDelayMs: 50, maxDelayMs: 200, ...policy },
  });
}
