// `npm run fuzz`: fuzzes the API from its own OpenAPI document with schemathesis, once per role.
// Starts a fresh embedded PostgreSQL, the Temporal dev server, a billing worker (workflows and
// activities only: no loop that sends e-mail or webhooks anywhere) and the API on the simulated
// gateway, seeds the demo marketplace, then runs each role's operations with that role's key.
// Prints per role the requests sent, the 5xx answered and the answers that break the document;
// exits non-zero if any check failed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { createDatabaseClient } from '../db/client';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { migrateDatabase } from '../db/migrate';
import { SimulatedGateway } from '../payments/simulated-gateway';
import { SellerBillingClient } from '../temporal/seller-billing-client';
import { DEFAULT_CHARGE_RATE_PER_SECOND } from '../payments/charge-rate';
import { createBillingWorker } from '../worker/billing-worker';
import { seedDemo, type DemoCredentials } from './demo-data';
import { fuzzConfig, tallyReport, type Tally } from './fuzz-report';
import { freePort, waitForPort } from './free-port';
import { ensureTemporal, killOnExit, stopChild } from './local-services';
import { toolPath } from './tools-dir';
import { backgroundTemporalConnection } from '../temporal/client-connection';

const root = path.resolve(__dirname, '..');
/** Examples per operation and phase: enough to reach every field, small enough for CI. */
const GUARDED_SCHEMATHESIS = path.join(root, 'scripts', 'schemathesis-guarded.py');
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 25);
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
];

/** Who calls: each role with its key, and the routes that take no key (tagged "no key"). */
function callers(seed: DemoCredentials): { tag: string; key: string | null }[] {
  return [
    { tag: 'platform', key: seed.platformKey },
    { tag: 'marketplace_admin', key: seed.adminKey },
    { tag: 'seller', key: seed.sellerKey },
    { tag: 'ingest', key: seed.ingestKey },
    { tag: 'no key', key: null },
  ];
}

async function main(): Promise<number> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-fuzz-'));
  fs.chmodSync(workDir, 0o755); // PostgreSQL runs as its own system user and must reach its data.
  const cleanups: (() => Promise<unknown>)[] = [];
  let passed = false;
  try {
    const postgres = await startEmbeddedPostgres({
      dataDir: path.join(workDir, 'postgres'),
      port: await freePort(),
    });
    cleanups.unshift(() => postgres.stop());
    await postgres.createDatabase('billing');
    const databaseUrl = postgres.urlFor('billing');
    await migrateDatabase(databaseUrl);

    const temporalAddress = `127.0.0.1:${await freePort()}`;
    const temporal = await ensureTemporal(temporalAddress, workDir, await freePort());
    if (temporal) cleanups.unshift(() => temporal.stop());

    const db = createDatabaseClient(databaseUrl);
    cleanups.unshift(() => db.$disconnect());
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    const workerConnection = await NativeConnection.connect({ address: temporalAddress });
    cleanups.unshift(() => workerConnection.close());
    const worker = await createBillingWorker({
      connection: workerConnection,
      namespace: 'default',
      dependencies: {
        db,
        gateway: new SimulatedGateway(),
        logger: pino(
          { name: 'fuzz-worker', level: 'warn' },
          pino.destination(logFile(workDir, 'worker')),
        ),
      },
      chargeRatePerSecond: DEFAULT_CHARGE_RATE_PER_SECOND.simulated,
    });
    const working = worker.run();
    cleanups.unshift(async () => {
      worker.shutdown();
      await working;
    });
    const clientConnection = await backgroundTemporalConnection(temporalAddress);
    cleanups.unshift(() => clientConnection.close());
    const seed = await seedDemo(
      db,
      new SellerBillingClient(new Client({ connection: clientConnection }), db),
    );

    const apiPort = await freePort();
    const apiLog = fs.openSync(logFile(workDir, 'api'), 'a');
    const api = spawn(process.execPath, [require.resolve('tsx/cli'), 'api/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        TEMPORAL_ADDRESS: temporalAddress,
        API_PORT: String(apiPort),
        // A secret nobody signs with: every fuzzed Stripe webhook is refused on its signature.
        STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(16).toString('hex')}`,
        STRIPE_SECRET_KEY: '',
      },
      stdio: ['ignore', apiLog, apiLog],
    });
    killOnExit(api);
    cleanups.unshift(() => stopChild(api));
    await waitForPort(apiPort, 60_000, api);

    const tallies: { tag: string; tally: Tally }[] = [];
    for (const caller of callers(seed)) {
      tallies.push({
        tag: caller.tag,
        tally: await runSchemathesis(workDir, `http://127.0.0.1:${apiPort}`, caller, seed),
      });
    }
    printSummary(tallies);
    passed = tallies.every(({ tally }) => tally.failures === 0 && tally.errors === 0);
    return passed ? 0 : 1;
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    // The logs and reports are kept for a failed run only.
    if (passed) fs.rmSync(workDir, { recursive: true, force: true });
    else
      console.log(`logs and reports: ${workDir} (api.log, worker.log, <caller>.log and .ndjson)`);
  }
}

/** Runs schemathesis as a child (never synchronously: the worker in this process must keep
 * answering the API's billing queries meanwhile). */
async function runSchemathesis(
  workDir: string,
  baseUrl: string,
  caller: { tag: string; key: string | null },
  seed: DemoCredentials,
): Promise<Tally> {
  const name = caller.tag.replace(/\W+/g, '-');
  const configFile = path.join(workDir, `${name}.toml`);
  fs.writeFileSync(configFile, fuzzConfig(seed));
  const reportFile = path.join(workDir, `${name}.ndjson`);
  const args = [
    '--config-file',
    configFile,
    'run',
    `${baseUrl}/v1/openapi.json`,
    '--url',
    baseUrl,
    '--include-tag',
    caller.tag,
    '--checks',
    CHECKS.join(','),
    '--max-examples',
    String(MAX_EXAMPLES),
    '--seed',
    process.env.FUZZ_SEED ?? '1',
    '--workers',
    '2',
    '--no-color',
    '--report',
    'ndjson',
    '--report-ndjson-path',
    reportFile,
    ...(caller.key ? ['--header', `Authorization: Bearer ${caller.key}`] : []),
  ];
  // Its own report goes to a file, shown when the run fails: its summary lines look like a test
  // runner's, which would stand in a CI log beside this project's own totals.
  const logFile = path.join(workDir, `${name}.log`);
  console.log(`=== ${caller.tag}: schemathesis ${args.slice(2, 6).join(' ')} … (${name}.log)`);
  // The venv's own interpreter, found through the schemathesis link the provisioning made.
  const python = path.join(path.dirname(fs.realpathSync(toolPath('schemathesis'))), 'python3');
  const log = fs.openSync(logFile, 'w');
  const fuzzer = spawn(python, [GUARDED_SCHEMATHESIS, ...args], {
    stdio: ['ignore', log, log],
    cwd: workDir,
  });
  killOnExit(fuzzer);
  const exitCode = await new Promise<number | null>((resolve) => fuzzer.once('exit', resolve));
  fs.closeSync(log);
  if (exitCode !== 0) process.stdout.write(fs.readFileSync(logFile, 'utf8'));
  const tally = tallyReport(fs.readFileSync(reportFile, 'utf8'));
  // A run that failed for a reason its report does not count (e.g. a schema it could not load).
  if (exitCode !== 0 && tally.failures === 0) tally.errors += 1;
  return tally;
}

function printSummary(tallies: { tag: string; tally: Tally }[]): void {
  const columns: [string, keyof Tally][] = [
    ['requests', 'requests'],
    ['2xx', 'successes'],
    ['5xx', 'serverErrors'],
    ['non-conforming', 'nonConforming'],
    ['failed checks', 'failures'],
    ['errors', 'errors'],
  ];
  console.log('\nfuzz summary (per caller)');
  console.log(['caller'.padEnd(18), ...columns.map(([title]) => title.padStart(15))].join(''));
  for (const { tag, tally } of tallies) {
    console.log(
      [tag.padEnd(18), ...columns.map(([, key]) => String(tally[key]).padStart(15))].join(''),
    );
  }
}

function logFile(workDir: string, name: string): string {
  return path.join(workDir, `${name}.log`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
