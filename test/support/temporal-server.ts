// A real Temporal server with PostgreSQL persistence (the topology of docker-compose.yml): its two
// databases made and migrated with Temporal's schema tool on a given PostgreSQL server, the
// provisioned server binary started on free ports, and the default namespace with the billing
// search attributes registered. `npm run provision -- temporal-server` installs the binaries.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { Client } from 'pg';
import { OutputTail } from '../../observability/output-tail';
import { waitForPort } from '../../scripts/free-port';
import { temporalServerFiles, toolPath } from '../../scripts/tools-dir';
import { registerBillingSearchAttributes } from '../../temporal/search-attributes';
import { billingStatusSearchAttribute } from '../../workflows/ids';
import { waitFor } from './wait-for';

const run = promisify(execFile);
const NAMESPACE = 'default';

export interface TemporalServer {
  /** host:port of the frontend's gRPC endpoint. */
  address: string;
  namespace: string;
  stop(): Promise<void>;
}

/**
 * Starts the server on the PostgreSQL server `postgresAdminUrl` points at (a superuser's URL),
 * in databases of its own that `stop` drops again. The server's output goes to `logFile`.
 */
export async function startTemporalServer(options: {
  postgresAdminUrl: string;
  logFile: string;
}): Promise<TemporalServer> {
  const postgres = new URL(options.postgresAdminUrl);
  const suffix = randomBytes(4).toString('hex');
  const databases = { main: `temporal_${suffix}`, visibility: `temporal_visibility_${suffix}` };
  await createSchemas(postgres, databases);

  const ports = await freePorts(9);
  const [grpc, http, frontendMembership, history, historyMembership, matching] = ports;
  const [matchingMembership, worker, workerMembership] = ports.slice(6);
  const log = fs.openSync(options.logFile, 'a');
  const tail = new OutputTail(20);
  // Configured the way the server's container image is, through its embedded config template.
  const server = spawn(toolPath('temporal-server'), ['--allow-no-auth', 'start'], {
    env: {
      PATH: process.env.PATH,
      DB: 'postgres12',
      POSTGRES_SEEDS: postgres.hostname,
      DB_PORT: postgres.port,
      POSTGRES_USER: decodeURIComponent(postgres.username),
      POSTGRES_PWD: decodeURIComponent(postgres.password),
      DBNAME: databases.main,
      VISIBILITY_DBNAME: databases.visibility,
      BIND_ON_IP: '127.0.0.1',
      FRONTEND_GRPC_PORT: String(grpc),
      FRONTEND_HTTP_PORT: String(http),
      FRONTEND_MEMBERSHIP_PORT: String(frontendMembership),
      HISTORY_GRPC_PORT: String(history),
      HISTORY_MEMBERSHIP_PORT: String(historyMembership),
      MATCHING_GRPC_PORT: String(matching),
      MATCHING_MEMBERSHIP_PORT: String(matchingMembership),
      WORKER_GRPC_PORT: String(worker),
      WORKER_MEMBERSHIP_PORT: String(workerMembership),
      DYNAMIC_CONFIG_FILE_PATH: temporalServerFiles(
        'config',
        'dynamicconfig',
        'development-sql.yaml',
      ),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [server.stdout, server.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      tail.add(chunk);
      fs.writeSync(log, chunk);
    });
  }
  const stop = async () => {
    await stopProcess(server);
    fs.closeSync(log);
    await dropDatabases(postgres, databases);
  };
  const address = `127.0.0.1:${grpc}`;
  try {
    await waitForPort(grpc!, 120_000, server);
    await registerDefaultNamespace(address);
  } catch (error) {
    await stop();
    throw new Error(
      `The Temporal server did not start: ${(error as Error).message}. Its last lines:\n    ${tail.last().join('\n    ')}`,
    );
  }
  return { address, namespace: NAMESPACE, stop };
}

async function createSchemas(
  postgres: URL,
  databases: { main: string; visibility: string },
): Promise<void> {
  await withAdmin(postgres, async (admin) => {
    for (const name of Object.values(databases)) await admin.query(`CREATE DATABASE ${name}`);
  });
  const schemas = { main: 'temporal', visibility: 'visibility' } as const;
  for (const [key, name] of Object.entries(databases) as Array<[keyof typeof schemas, string]>) {
    const connection = [
      '--plugin',
      'postgres12',
      '--endpoint',
      postgres.hostname,
      '--port',
      postgres.port,
      '--user',
      decodeURIComponent(postgres.username),
      '--password',
      decodeURIComponent(postgres.password),
      '--database',
      name,
    ];
    const versioned = temporalServerFiles('schema', 'postgresql', 'v12', schemas[key], 'versioned');
    await run(toolPath('temporal-sql-tool'), [...connection, 'setup-schema', '--version', '0.0']);
    await run(toolPath('temporal-sql-tool'), [
      ...connection,
      'update-schema',
      '--schema-dir',
      versioned,
    ]);
  }
}

/** Registers the namespace and the search attributes, then waits until a visibility query on
 * them answers (the frontend learns a new namespace from a cache it refreshes on its own). */
async function registerDefaultNamespace(address: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService
      .registerNamespace({
        namespace: NAMESPACE,
        workflowExecutionRetentionPeriod: msToTs('1 day'),
      })
      .catch((error: Error) => {
        if (!/already (exists|registered)/i.test(error.message)) throw error;
      });
    await waitFor(
      () => answers(() => connection.workflowService.describeNamespace({ namespace: NAMESPACE })),
      60_000,
    );
    await registerBillingSearchAttributes(connection, NAMESPACE);
    await waitFor(
      () =>
        answers(() =>
          connection.workflowService.countWorkflowExecutions({
            namespace: NAMESPACE,
            query: `${billingStatusSearchAttribute.name} = 'active'`,
          }),
        ),
      60_000,
    );
  } finally {
    await connection.close();
  }
}

async function answers(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch {
    return false;
  }
}

/** Free ports below 32768: the server stores its membership ports in a SMALLINT column, and the
 * ports the system hands out for port 0 are mostly above that. */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    if (!ports.has(candidate) && (await canListen(candidate))) ports.add(candidate);
  }
  return [...ports];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

async function dropDatabases(
  postgres: URL,
  databases: { main: string; visibility: string },
): Promise<void> {
  await withAdmin(postgres, async (admin) => {
    for (const name of Object.values(databases)) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
}

async function withAdmin(postgres: URL, work: (admin: Client) => Promise<void>): Promise<void> {
  const admin = new Client({ connectionString: postgres.toString() });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
}
