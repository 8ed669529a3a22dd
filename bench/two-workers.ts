// Scaling out on a real Temporal server with PostgreSQL persistence (the docker-compose.yml
// topology: Temporal's databases beside the app's on one PostgreSQL server): two worker
// processes with their relays, N sellers over their credit limit in two waves, one worker killed
// with SIGKILL once a tenth of the second wave is charged. Prints the time to the last charge, charges per second,
// and whether exactly N charges succeeded, one per seller, no idempotency key twice.
// Needs `npm run provision -- temporal-server`. Run: npx tsx bench/two-workers.ts [sellers]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTemporalServer } from '../test/support/temporal-server';
import { exactlyOnceProblems, runTwoWorkers } from '../test/support/two-workers-run';
import { startBenchDatabase } from './environment';

const SELLERS = Number(process.argv[2] ?? 1_000);

async function main(): Promise<void> {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-two-workers-'));
  const database = await startBenchDatabase();
  const adminUrl = new URL(database.url);
  adminUrl.pathname = '/postgres';
  const serverStartedAt = Date.now();
  const server = await startTemporalServer({
    postgresAdminUrl: adminUrl.toString(),
    logFile: path.join(logDir, 'temporal-server.log'),
  });
  console.log(`Temporal server (PostgreSQL) ready in ${Date.now() - serverStartedAt} ms`);
  try {
    const outcome = await runTwoWorkers({
      sellers: SELLERS,
      db: database.db,
      databaseUrl: database.url,
      temporalAddress: server.address,
      logDir,
      // Amid the second wave: its charges, signals and workflow tasks in flight on both workers.
      killAfterSecondWaveCharges: Math.ceil(SELLERS / 20),
      stageTimeoutMs: 30 * 60_000,
    });
    const problems = exactlyOnceProblems(outcome);
    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    console.log(
      [
        `sellers: ${SELLERS}, two workers, one killed (SIGKILL) with ${outcome.chargedAtKill} charged`,
        `first spend → last charge: ${seconds(outcome.firstSpendToLastChargeMs)} s ` +
          `(${(SELLERS / (outcome.firstSpendToLastChargeMs / 1000)).toFixed(1)} charges/s)`,
        `kill → last charge: ${seconds(outcome.killToLastChargeMs)} s ` +
          `(${SELLERS - outcome.chargedAtKill} charges by the survivor and the retried work)`,
        `gateway charges: ${outcome.gatewayCharges.killed} by the killed worker before its kill, ` +
          `${outcome.gatewayCharges.survivor} by the survivor`,
        `payments: ${outcome.payments.length}, ` +
          `succeeded: ${outcome.payments.filter((p) => p.status === 'succeeded').length}`,
        problems.length === 0
          ? `exactly ${SELLERS} charges, one per seller, no idempotency key twice: yes`
          : `NOT exactly once:\n  ${problems.slice(0, 20).join('\n  ')}`,
        `logs: ${logDir}`,
      ].join('\n'),
    );
    process.exitCode = problems.length === 0 ? 0 : 1;
  } finally {
    await server.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
