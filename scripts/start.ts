// `npm start`: runs the whole product locally — database (embedded unless DATABASE_URL), Temporal
// dev server with its Web UI (unless one answers at TEMPORAL_ADDRESS), Mailpit to catch e-mail
// (unless SMTP_URL), migrations, the demo seed on an empty database, then the worker and the API. Ctrl-C stops everything it started.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createDatabaseClient } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { SellerBillingClient } from '../temporal/seller-billing-client';
import { keepOwnerOnly, writeDemoCredentials } from './demo-credentials-file';
import { seedDemo } from './demo-data';
import {
  ensureDatabase,
  ensureMail,
  ensureTemporal,
  killOnExit,
  stopChild,
  type StartedService,
} from './local-services';

const root = path.resolve(__dirname, '..');
const dataDir = path.join(root, '.data');
const temporalAddress = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const apiPort = Number(process.env.API_PORT ?? 3000);
const uiPort = Number(process.env.TEMPORAL_UI_PORT ?? 8233);
const pgPort = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 5433);
const mailPorts = {
  smtp: Number(process.env.MAILPIT_SMTP_PORT ?? 1025),
  ui: Number(process.env.MAILPIT_UI_PORT ?? 8025),
};
const credentialsFile = path.join(dataDir, 'demo-credentials.json');

const services: StartedService[] = [];
const children: ChildProcess[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping…');
    await Promise.all(children.map((child) => stopChild(child)));
    for (const service of services.reverse()) await service.stop().catch(() => {});
  }
  process.exit(code);
}

function runProcess(name: string, entry: string, env: NodeJS.ProcessEnv): void {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), entry], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  killOnExit(child);
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`${name} exited (${code}); stopping everything`);
      void stopAll(1);
    }
  });
  children.push(child);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  fs.mkdirSync(dataDir, { recursive: true });

  const database = await ensureDatabase(dataDir, pgPort);
  if (database.service) services.push(database.service);
  await migrateDatabase(database.url);
  const temporal = await ensureTemporal(temporalAddress, dataDir, uiPort);
  if (temporal) services.push(temporal);
  const mail = await ensureMail(dataDir, mailPorts);
  if (mail.service) services.push(mail.service);

  const db = createDatabaseClient(database.url);
  if ((await db.marketplace.count()) === 0) {
    const connection = await Connection.connect({ address: temporalAddress });
    const credentials = await seedDemo(db, new SellerBillingClient(new Client({ connection }), db));
    await connection.close();
    writeDemoCredentials(credentialsFile, credentials);
  } else {
    keepOwnerOnly(credentialsFile);
  }
  await db.$disconnect();

  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporalAddress,
    API_PORT: String(apiPort),
    SMTP_URL: mail.smtpUrl,
  };
  runProcess('worker', 'worker/main.ts', env);
  runProcess('api', 'api/main.ts', env);

  console.log(`
Self-service billing is running.
  API            http://localhost:${apiPort}/v1
  Temporal UI    ${temporal ? `http://localhost:${uiPort}` : `(the server at ${temporalAddress})`}
  Database       ${database.service ? database.service.description : 'DATABASE_URL'}
  E-mail         ${mail.service ? `caught by Mailpit: read it at http://localhost:${mailPorts.ui}` : `sent through ${mail.smtpUrl}`}
  Demo keys      ${fs.existsSync(credentialsFile) ? credentialsFile : 'see `npm run seed`'}
Press Ctrl-C to stop.`);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAll(1);
});
