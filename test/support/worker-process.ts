// The worker process (worker/main.ts: billing worker, spend relay, command relay) run as a child
// on a given database and Temporal server, as a deployment runs one per replica.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { OutputTail } from '../../observability/output-tail';
import { freePort } from '../../scripts/free-port';
import { waitFor } from './wait-for';

export interface WorkerProcess {
  pid: number;
  /** Ends it at once, as a crashed machine would: no shutdown, in-flight work abandoned. */
  kill(): Promise<void>;
  /** Asks it to stop (SIGTERM) and waits until it has. */
  stop(): Promise<void>;
  /** Charges its gateway answered as succeeded so far (from its /metrics). */
  succeededCharges(): Promise<number>;
}

const WORKER_MAIN = path.resolve(__dirname, '..', '..', 'worker', 'main.ts');

/** Starts the process and resolves once its HTTP endpoint answers (its worker is built by then). */
export async function startWorkerProcess(options: {
  databaseUrl: string;
  temporalAddress: string;
  logFile: string;
}): Promise<WorkerProcess> {
  const [httpPort, sdkMetricsPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    TEMPORAL_ADDRESS: options.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    HOST: '127.0.0.1',
    WORKER_HTTP_PORT: String(httpPort),
    WORKER_SDK_METRICS_PORT: String(sdkMetricsPort),
    LOG_LEVEL: 'warn',
  };
  // The simulated gateway and no e-mail, whatever the calling shell has set.
  delete env.STRIPE_SECRET_KEY;
  delete env.SMTP_URL;
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
    }, 180_000);
  } catch (error) {
    await end('SIGKILL');
    throw new Error(
      `The worker process did not start: ${(error as Error).message}. Its last lines:\n    ${tail.last().join('\n    ')}`,
    );
  }
  return {
    pid: child.pid!,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
    succeededCharges: async () => {
      const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
      return text
        .split('\n')
        .filter((line) => /^billing_charges_total\{[^}]*outcome="succeeded"/.test(line))
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    },
  };
}
