// A billing worker process (worker/main.ts: workflows, charges, spend and command relays) started
// as `npm start` starts it, and what a benchmark reads from it: its resident memory, its
// Temporal SDK metrics, and whether it still runs. Its output goes to a log file.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../scripts/free-port';

const ROOT = path.resolve(__dirname, '..', '..');

export interface WorkerProcess {
  pid: number;
  logFile: string;
  /** Resident set size now, in bytes (0 once the process has exited). */
  rssBytes(): number;
  /** The sum of every series of a Temporal SDK metric (`temporal_…`) now. */
  sdkMetric(name: string): Promise<number>;
  /** SIGTERM, then waits for the worker to finish its tasks and exit. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies at once, as a crashed machine would. */
  kill(): Promise<void>;
}

export interface WorkerProcessOptions {
  name: string;
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  logDir: string;
  /** More of the worker's environment (CHARGE_RATE_PER_SECOND, SIMULATED_CHARGE_DELAY_MS, …). */
  env?: Record<string, string>;
  /** How long bundling and connecting may take before the worker is given up on. */
  readyWithinMs?: number;
}

export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const httpPort = await freePort();
  const sdkMetricsPort = await freePort();
  const logFile = path.join(options.logDir, `${options.name}.log`);
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      TEMPORAL_ADDRESS: options.temporalAddress,
      TEMPORAL_NAMESPACE: options.namespace,
      HOST: '127.0.0.1',
      WORKER_HTTP_PORT: String(httpPort),
      WORKER_SDK_METRICS_PORT: String(sdkMetricsPort),
      LOG_LEVEL: 'warn',
      ...options.env,
    },
  });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await untilReady(
    child,
    `http://127.0.0.1:${httpPort}/readyz`,
    options.readyWithinMs ?? 120_000,
    logFile,
  );
  const pid = child.pid!;
  return {
    pid,
    logFile,
    rssBytes: () => rssBytesOf(pid),
    sdkMetric: async (name) =>
      sumOfSeries(await (await fetch(`http://127.0.0.1:${sdkMetricsPort}/metrics`)).text(), name),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function untilReady(
  child: ChildProcess,
  url: string,
  withinMs: number,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the worker exited (${child.exitCode}) before it was ready: see ${logFile}`);
    }
    const answer = await fetch(url).catch(() => null);
    if (answer?.ok) return;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the worker was not ready within ${withinMs} ms: see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function rssBytesOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kilobytes = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kilobytes ? Number(kilobytes) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Prometheus text format: the sum of `name`'s samples over all its label sets. */
function sumOfSeries(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sum;
}
