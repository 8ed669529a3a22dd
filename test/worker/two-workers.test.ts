// Scaling out: two worker processes, each with its spend and command relays, on one database and
// a real Temporal server with PostgreSQL persistence (not the dev server). One is killed with
// SIGKILL while the second half of the sellers go over their limit; every seller is still charged
// exactly once, also when every default card is declined and a backup card pays (R13).
// bench/two-workers.ts runs the same at a larger N and prints its figures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTemporalServer, type TemporalServer } from '../support/temporal-server';
import { exactlyOnceProblems, runTwoWorkers } from '../support/two-workers-run';

const SELLERS = 20;
// Caps against a stuck run on a starved machine, not measured bounds: the run waits for outcomes.
const STAGE_TIMEOUT_MS = 5 * 60_000;

let logDir: string;
let server: TemporalServer | undefined;
let database: TestDatabase | undefined;

beforeAll(async () => {
  logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'two-workers-'));
  const postgresAdminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  if (!postgresAdminUrl)
    throw new Error('TEST_DATABASE_ADMIN_URL is not set: run tests through jest');
  [server, database] = await Promise.all([
    startTemporalServer({ postgresAdminUrl, logFile: path.join(logDir, 'temporal-server.log') }),
    createTestDatabase(),
  ]);
}, STAGE_TIMEOUT_MS);

afterAll(async () => {
  await database?.close();
  await server?.stop();
  fs.rmSync(logDir, { recursive: true, force: true });
}, STAGE_TIMEOUT_MS);

test(
  `with one of two workers killed by SIGKILL halfway, ${SELLERS} sellers over their limit are each charged exactly once`,
  async () => {
    const outcome = await runTwoWorkers({
      sellers: SELLERS,
      db: database!.db,
      databaseUrl: database!.url,
      temporalAddress: server!.address,
      logDir,
      stageTimeoutMs: STAGE_TIMEOUT_MS,
    });
    expect(exactlyOnceProblems(outcome)).toEqual([]);
  },
  6 * STAGE_TIMEOUT_MS,
);

test(
  `R13: with every default card declined and one of two workers killed by SIGKILL halfway, ${SELLERS} sellers are each paid exactly once by their backup card`,
  async () => {
    const outcome = await runTwoWorkers({
      sellers: SELLERS,
      db: database!.db,
      databaseUrl: database!.url,
      temporalAddress: server!.address,
      logDir,
      stageTimeoutMs: STAGE_TIMEOUT_MS,
      backupCards: true,
    });
    const isBackup = (p: { idempotencyKey: string }) => p.idempotencyKey.includes(':backup:');
    const defaults = outcome.payments.filter((p) => !isBackup(p));
    expect(defaults.map((p) => p.status)).toEqual(outcome.sellerIds.map(() => 'failed'));
    const backups = { ...outcome, payments: outcome.payments.filter(isBackup) };
    expect(exactlyOnceProblems(backups)).toEqual([]);
  },
  6 * STAGE_TIMEOUT_MS,
);
