// `npm start`: runs the whole product locally — database (embedded unless DATABASE_URL), Temporal
// dev server with its Web UI (unless one answers at TEMPORAL_ADDRESS), Mailpit to catch e-mail
// (unless SMTP_URL), migrations, the demo seed on an empty database, then the worker and the API.
// It watches every process it starts and stops them all when one stops or on Ctrl-C; a watchdog
// and the state file in .data/ make sure a killed launcher leaves nothing running for long.
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { createDatabaseClient } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { SellerBillingClient } from '../temporal/seller-billing-client';
import { keepOwnerOnly, writeDemoCredentials } from './demo-credentials-file';
import { seedDemo } from './demo-data';
import { demoPortalLinks } from './demo-portal-links';
import { LaunchError, reasonOf, step } from './launcher/failure';
import { clearLeftovers } from './launcher/launch-state';
import { LaunchRecorder } from './launcher/launch-recorder';
import { portsNeeded, temporalAddress as temporalAddressIn } from './launcher/port-needs';
import { checkPostgresLock } from './launcher/postgres-lock';
import { ensurePortsFree } from './launcher/ports';
import { commandLineOf } from './launcher/process-identity';
import { Supervisor } from './launcher/supervisor';
import {
  ensureDatabase,
  ensureMail,
  ensureTemporal,
  temporalAnswers,
  type StartedService,
} from './local-services';
import { backgroundTemporalConnection } from '../temporal/client-connection';

const root = path.resolve(__dirname, '..');
const dataDir = path.join(root, '.data');
const stateFile = path.join(dataDir, 'launcher.json');
const credentialsFile = path.join(dataDir, 'demo-credentials.json');
const temporalAddress = temporalAddressIn(process.env);
const apiPort = Number(process.env.API_PORT ?? 3000);
/** Links, e-mails and receipts point at the port the API listens on. */
const publicApiUrl = process.env.PUBLIC_API_URL ?? `http://localhost:${apiPort}`;
const workerHttpPort = Number(process.env.WORKER_HTTP_PORT ?? 3001);
const sdkMetricsPort = Number(process.env.WORKER_SDK_METRICS_PORT ?? 9464);
const uiPort = Number(process.env.TEMPORAL_UI_PORT ?? 8233);
const pgPort = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 5433);
const mailPorts = {
  smtp: Number(process.env.MAILPIT_SMTP_PORT ?? 1025),
  ui: Number(process.env.MAILPIT_UI_PORT ?? 8025),
};

const recorder = new LaunchRecorder(stateFile);
const services: StartedService[] = [];
const supervisor = new Supervisor({
  onUnexpectedStop: (explanation) =>
    void stopAll(1, `${explanation}\nEverything else npm start had started is stopped.`),
  onStarted: (started) => recorder.record(started),
});
let stopping = false;

async function stopAll(code: number, message?: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (recorder.started) console.log('\nStopping…');
  await supervisor.stopAll();
  for (const service of services.reverse()) await service.stop().catch(() => {});
  recorder.finish();
  // Last, below whatever the processes printed while they stopped.
  if (message) console.error(`\n${message}`);
  process.exit(code);
}

async function main(): Promise<void> {
  // embedded-postgres's exit hook would end this process on a signal as soon as PostgreSQL is
  // down, before the worker and the API have stopped: stopAll stops everything, PostgreSQL last.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stopAll(0));
  }
  fs.mkdirSync(dataDir, { recursive: true });

  const leftovers = await clearLeftovers(stateFile);
  if (leftovers) console.log(leftovers);
  if (!process.env.DATABASE_URL) checkPostgresLock(path.join(dataDir, 'postgres'));
  const startsTemporal = !(await temporalAnswers(temporalAddress));
  await ensurePortsFree(portsNeeded(process.env, startsTemporal));
  recorder.start();

  const database = await step('start the embedded PostgreSQL', () =>
    ensureDatabase(dataDir, pgPort),
  );
  if (database.service) services.push(database.service);
  const { server } = database;
  if (server) {
    const { pid } = server;
    supervisor.watch(
      {
        name: 'PostgreSQL',
        pid,
        commandLine: commandLineOf(pid) ?? '',
        stopSignal: 'SIGINT',
        ownGroup: false,
      },
      () => server.recentLog(),
    );
  }
  await step('apply the database migrations', () => migrateDatabase(database.url));
  const start = supervisor.start.bind(supervisor);
  const temporal = await step(`reach or start Temporal at ${temporalAddress}`, () =>
    ensureTemporal(temporalAddress, dataDir, uiPort, start),
  );
  const mail = await step('start Mailpit', () => ensureMail(dataDir, mailPorts, start));

  const links = await step('seed the demo marketplace', async () => {
    const db = createDatabaseClient(database.url);
    if ((await db.marketplace.count()) === 0) {
      const connection = await backgroundTemporalConnection(temporalAddress);
      const client = new SellerBillingClient(new Client({ connection }), db);
      writeDemoCredentials(credentialsFile, await seedDemo(db, client));
      await connection.close();
    } else {
      keepOwnerOnly(credentialsFile);
    }
    const minted = await demoPortalLinks(db, credentialsFile, publicApiUrl);
    await db.$disconnect();
    return minted;
  });

  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporalAddress,
    API_PORT: String(apiPort),
    PUBLIC_API_URL: publicApiUrl,
    SMTP_URL: mail.smtpUrl,
  };
  for (const [name, entry] of [
    ['worker', 'worker/main.ts'],
    ['API', 'api/main.ts'],
  ] as const) {
    supervisor.start(name, process.execPath, ['--import', 'tsx', entry], { cwd: root, env });
  }

  console.log(`
Self-service billing is running.
  API            http://localhost:${apiPort}/v1 · health /readyz · metrics /metrics
  Worker         http://localhost:${workerHttpPort}/readyz · metrics /metrics · Temporal SDK metrics http://localhost:${sdkMetricsPort}/metrics
  Temporal UI    ${temporal ? `http://localhost:${uiPort}` : `(the server at ${temporalAddress})`}
  Database       ${database.service ? database.service.description : 'DATABASE_URL'}
  E-mail         ${mail.service ? `caught by Mailpit: read it at http://localhost:${mailPorts.ui}` : `sent through ${mail.smtpUrl}`}
  Demo keys      ${fs.existsSync(credentialsFile) ? credentialsFile : 'see `npm run seed`'}
  Pages          ${links ? `admin ${links.admin}\n                 seller ${links.seller}\n                 (each opens once, within 15 minutes)` : 'ask for a link: POST /v1/sellers/:id/portal-links'}
Press Ctrl-C to stop.`);
}

main().catch((error: unknown) =>
  stopAll(1, error instanceof LaunchError ? error.message : `npm start failed: ${reasonOf(error)}`),
);
