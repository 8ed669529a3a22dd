// Local services for `npm start`: the embedded PostgreSQL, the Temporal dev server and Mailpit
// (an SMTP server with a web UI that keeps every e-mail), each started only when no existing one
// is configured and answering.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabaseServer } from '../db/embedded-postgres';
import { registerBillingSearchAttributes } from '../temporal/search-attributes';
import { BILLING_SEARCH_ATTRIBUTES } from '../workflows/ids';
import { waitForPort } from './free-port';
import { toolPath } from './tools-dir';

export interface StartedService {
  description: string;
  stop(): Promise<void>;
}

/** Starts one long-running process (the launcher's supervisor does, watching it). */
export type StartProcess = (name: string, command: string, args: string[]) => ChildProcess;

/** Without a supervisor: the process shares this one's output and dies with it. */
export const startAttached: StartProcess = (_name, command, args) => {
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  killOnExit(child);
  return child;
};

/** The database URL to use, starting the embedded server under dataDir when none is set. */
export async function ensureDatabase(
  dataDir: string,
  port: number,
): Promise<{ url: string; service: StartedService | null; server?: EmbeddedDatabaseServer }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, service: null };
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port });
  const admin = new PgClient({ connectionString: server.urlFor('postgres') });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', ['billing']);
    if (exists.rowCount === 0) await admin.query('CREATE DATABASE billing');
  } finally {
    await admin.end();
  }
  return {
    url: server.urlFor('billing'),
    service: { description: `embedded PostgreSQL on port ${port}`, stop: () => server.stop() },
    server,
  };
}

export async function temporalAnswers(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: '2 seconds' });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

/** Uses the Temporal server at `address` if one answers, else starts the dev server with its UI. */
export async function ensureTemporal(
  address: string,
  dataDir: string,
  uiPort: number,
  start: StartProcess = startAttached,
): Promise<StartedService | null> {
  if (await temporalAnswers(address)) {
    const connection = await Connection.connect({ address });
    await registerBillingSearchAttributes(connection, process.env.TEMPORAL_NAMESPACE ?? 'default');
    await connection.close();
    return null;
  }
  const [ip, port] = address.split(':');
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    path.join(dataDir, 'temporal.db'),
    '--ip',
    ip ?? '127.0.0.1',
    '--port',
    port ?? '7233',
    '--ui-port',
    String(uiPort),
    '--log-level',
    'error',
    ...Object.entries(BILLING_SEARCH_ATTRIBUTES).flatMap(([name, type]) => [
      '--search-attribute',
      `${name}=${type}`,
    ]),
  ];
  const child = start('Temporal dev server', toolPath('temporal'), args);
  const deadline = Date.now() + 60_000;
  while (!(await temporalAnswers(address))) {
    if (child.exitCode !== null)
      throw new Error(`the Temporal dev server exited with code ${child.exitCode}`);
    if (Date.now() > deadline)
      throw new Error('the Temporal dev server did not answer within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { description: `Temporal dev server on ${address}`, stop: () => stopChild(child) };
}

/** The SMTP server to e-mail through: SMTP_URL if set, else a local Mailpit with its web UI. */
export async function ensureMail(
  dataDir: string,
  ports: { smtp: number; ui: number },
  start: StartProcess = startAttached,
): Promise<{ smtpUrl: string; service: StartedService | null }> {
  if (process.env.SMTP_URL) return { smtpUrl: process.env.SMTP_URL, service: null };
  const child = start(
    'Mailpit',
    toolPath('mailpit'),
    [
      ['--smtp', `127.0.0.1:${ports.smtp}`],
      ['--listen', `127.0.0.1:${ports.ui}`],
      ['--database', path.join(dataDir, 'mailpit.db')],
      ['--disable-version-check', '--quiet'],
    ].flat(),
  );
  await waitForPort(ports.smtp, 30_000, child);
  return {
    smtpUrl: `smtp://127.0.0.1:${ports.smtp}`,
    service: {
      description: `Mailpit: SMTP on 127.0.0.1:${ports.smtp}, web UI on http://localhost:${ports.ui}`,
      stop: () => stopChild(child),
    },
  };
}

/** Makes sure a child dies with this process, however it exits (embedded-postgres's own exit
 * hook may end the process on a signal before our shutdown has finished). */
export function killOnExit(child: ChildProcess): void {
  process.once('exit', () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}
