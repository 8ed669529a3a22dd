// The worker process (worker/main.ts: billing worker, spend relay, command relay) run as a child
// on a given database and Temporal server, as a deployment runs one per replica, and what tests
// and benchmarks read from it: its metrics, its resident memory, whether it still runs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { OutputTail } from '../../observability/output-tail';
import { freePort } from '../../scripts/free-port';
import { waitFor } from './wait-for';

export interface WorkerProcess {
  pid: number;
  logFile: string;
  /** Ends it at once, as a crashed machine would: no shutdown, in-flight work abandoned. */
  kill(): Promise<void>;
  /** Asks it to stop (SIGTERM) and waits until it has. */
  stop(): Promise<void>;
  /** Charges its gateway answered as succeeded so far (from its /metrics). */
  succeededCharges(): Promise<number>;
  /** The sum of every series of a Temporal SDK metric (`temporal_…`) now. */
  sdkMetric(name: string): Promise<number>;
  /** Resident set size now, in bytes (0 once the process has exited). */
  rssBytes(): number;
}

export interface WorkerProcessOptions {
  databaseUrl: string;
  temporalAddress: string;
  namespace?: string;
  /** Its output is appended here. */
  logFile: string;
  /** More of the worker's environment (CHARGE_RATE_PER_SECOND, SIMULATED_CHARGE_DELAY_MS, …). */
  env?: Record<string, string>;
  /** How long bundling and connecting may take before the worker is given up on. */
  readyWithinMs?: number;
}

const WORKER_MAIN = path.resolve(__dirname, '..', '..', 'worker', 'main.ts');

/** Starts the process and resolves once its HTTP endpoint answers (its worker is built by then). */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const [httpPort, sdkMetricsPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    TEMPORAL_ADDRESS: options.temporalAddress,
    TEMPORAL_NAMESPACE: options.namespace ?? 'default',
    HOST: '127.0.0.1',
    WORKER_HTTP_PORT: String(httpPort),
    WORKER_SDK_METRICS_PORT: String(sdkMetricsPort),
    LOG_LEVEL: 'warn',
  };
  // The simulated gateway and no e-mail, whatever the calling shell has set.
  delete env.STRIPE_SECRET_KEY;
  delete env.SMTP_URL;
  Object.assign(env, options.env);
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_MAIN], {
    env,
    cwd: path.dirname(path.dirname(WORKER_MAIN)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = fs.openSync(options.logFile, 'a');
  const tail = new OutputTail(20);
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      tail.add(chunk);
      fs.writeSync(log, chunk);
    });
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => fs.closeSync(log));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  try {
    await waitFor(async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`exited (${child.exitCode ?? child.signalCode})`);
      }
      return fetch(`http://127.0.0.1:${httpPort}/livez`).then(
        (answer) => answer.ok,
        () => false,
      );
    }, options.readyWithinMs ?? 180_000);
  } catch (error) {
    await end('SIGKILL');
    throw new Error(
      `The worker process did not start: ${(error as Error).message}. Its last lines:\n    ${tail.last().join('\n    ')}`,
    );
  }
  const pid = child.pid!;
  const metrics = async (port: number) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return {
    pid,
    logFile: options.logFile,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
    succeededCharges: async () =>
      sumOfSeries(await metrics(httpPort), 'billing_charges_total', 'outcome="succeeded"'),
    sdkMetric: async (name) => sumOfSeries(await metrics(sdkMetricsPort), name),
    rssBytes: () => rssBytesOf(pid),
  };
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

/** Prometheus text format: the sum of `name`'s samples over its label sets (those with `label`). */
function sumOfSeries(text: string, name: string, label = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const series = line.startsWith(`${name}{`) || line.startsWith(`${name} `);
    if (series && line.slice(0, line.lastIndexOf(' ')).includes(label)) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sum;
}
