// Runs the processes `npm start` needs and watches them: when one stops without being asked, it
// says which, why (exit code or signal) and what it printed last, so the launcher can stop the
// rest. Each child gets a process group of its own, so stopping it stops whatever it started.
import { spawn, type ChildProcess } from 'node:child_process';
import type { LaunchedProcess } from './launch-state';
import { OutputTail } from '../../observability/output-tail';

export interface SupervisorOptions {
  /** Called once, for the first process that stops unasked, with what to tell the person. */
  onUnexpectedStop(explanation: string): void;
  /** Called for every process started or watched, so it can be recorded in the state file. */
  onStarted?(process: LaunchedProcess): void;
  /** How long a process may take to stop before it is killed. */
  graceMs?: number;
}

interface Supervised {
  name: string;
  child: ChildProcess;
}

export class Supervisor {
  private readonly children: Supervised[] = [];
  private readonly watchers: NodeJS.Timeout[] = [];
  private stopping = false;
  private reported = false;

  constructor(private readonly options: SupervisorOptions) {
    // However this process ends, no child outlives it for long (the watchdog covers kill -9).
    process.once('exit', () => {
      for (const { child } of this.children) if (isRunning(child)) signalGroup(child, 'SIGTERM');
    });
  }

  /** Starts `command` as the process called `name`, forwarding its output to ours. */
  start(
    name: string,
    command: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
  ): ChildProcess {
    if (this.stopping) throw new Error(`${name} was not started: everything is stopping`);
    const child = spawn(command, args, {
      ...options,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const tail = new OutputTail();
    child.stdout?.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      tail.add(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      tail.add(chunk);
    });
    child.once('error', (error: NodeJS.ErrnoException) =>
      this.report(
        error.code === 'ENOENT'
          ? `${name} could not be started: ${command} does not exist. Run \`npm run provision\` to install the tools, then npm start again.`
          : `${name} could not be started (${command}): ${error.message}.`,
      ),
    );
    // 'close' comes once its output is all read; it has the same code and signal as 'exit'.
    child.once('close', (code, signal) => {
      if (child.pid !== undefined)
        this.report(stopExplanation(name, child.pid, code, signal, tail.last()));
    });
    this.children.push({ name, child });
    if (child.pid !== undefined) {
      this.options.onStarted?.({
        name,
        pid: child.pid,
        commandLine: [command, ...args].join(' '),
        stopSignal: 'SIGTERM',
        ownGroup: true,
      });
    }
    return child;
  }

  /** Watches a process started by someone else (the embedded PostgreSQL) until stopAll. */
  watch(recorded: LaunchedProcess, recentOutput: () => string[], everyMs = 1_000): void {
    this.options.onStarted?.(recorded);
    const timer = setInterval(() => {
      if (isAlive(recorded.pid)) return;
      clearInterval(timer);
      this.report(stopExplanation(recorded.name, recorded.pid, null, null, recentOutput()));
    }, everyMs);
    this.watchers.push(timer);
  }

  /** Stops every child, last started first; from now on a stop is expected, not reported. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const timer of this.watchers) clearInterval(timer);
    for (const { child } of [...this.children].reverse()) await this.stop(child);
  }

  private async stop(child: ChildProcess): Promise<void> {
    if (isRunning(child)) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(
        () => signalGroup(child, 'SIGKILL'),
        this.options.graceMs ?? 10_000,
      );
      await exited;
      clearTimeout(killer);
    }
    signalGroup(child, 'SIGKILL'); // anything it started that outlived it
  }

  private report(explanation: string): void {
    if (this.stopping || this.reported) return;
    this.reported = true;
    this.options.onUnexpectedStop(explanation);
  }
}

function stopExplanation(
  name: string,
  pid: number,
  code: number | null,
  signal: NodeJS.Signals | null,
  lastLines: string[],
): string {
  const why =
    signal !== null
      ? `it was killed by signal ${signal}`
      : code !== null
        ? `it exited with code ${code}`
        : 'it is no longer running';
  const output =
    lastLines.length === 0
      ? 'It printed nothing.'
      : `Its last lines of output:\n${lastLines.map((line) => `    ${line}`).join('\n')}`;
  return `${name} (pid ${pid}) stopped on its own: ${why}. ${output}`;
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone.
  }
}
