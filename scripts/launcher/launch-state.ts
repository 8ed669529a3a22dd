// The launcher's state file (.data/launcher.json): which `npm start` is running and the pid and
// command line of every process it started, so that whatever a killed launcher left behind can
// be found and stopped, by its watchdog at once or by the next `npm start`.
import fs from 'node:fs';
import { LaunchError } from './failure';
import { commandLineOf, isStillRunning } from './process-identity';

export interface LaunchedProcess {
  name: string;
  pid: number;
  commandLine: string;
  /** How it shuts down cleanly: PostgreSQL takes SIGINT as its fast, safe shutdown. */
  stopSignal: NodeJS.Signals;
  /** Started in a process group of its own, so whatever it started dies with it. */
  ownGroup: boolean;
}

export interface LaunchState {
  launcher: { pid: number; commandLine: string };
  processes: LaunchedProcess[];
}

export function readLaunchState(file: string): LaunchState | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LaunchState;
  } catch {
    return null;
  }
}

export function writeLaunchState(file: string, state: LaunchState): void {
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, JSON.stringify(state, null, 2));
  fs.renameSync(partial, file);
}

/** A launcher recorded in the state file that is still running, or null. */
export function runningLauncher(state: LaunchState): number | null {
  const { pid, commandLine } = state.launcher;
  return pid !== process.pid && isStillRunning(pid, commandLine) ? pid : null;
}

/**
 * Stops every recorded process that is provably still the one started (same pid, same command
 * line), last started first, and says which it stopped. Anything else is left alone.
 */
export async function stopRecordedProcesses(
  state: LaunchState,
  graceMs = 10_000,
): Promise<LaunchedProcess[]> {
  const stopped: LaunchedProcess[] = [];
  for (const recorded of [...state.processes].reverse()) {
    if (!isStillRunning(recorded.pid, recorded.commandLine)) continue;
    signal(recorded, recorded.stopSignal, false);
    if (!(await gone(recorded, graceMs))) {
      signal(recorded, 'SIGKILL', recorded.ownGroup);
      await gone(recorded, graceMs);
    }
    if (recorded.ownGroup) signal(recorded, 'SIGKILL', true); // what it started, if anything stayed
    stopped.push(recorded);
  }
  return stopped;
}

function signal(recorded: LaunchedProcess, name: NodeJS.Signals, wholeGroup: boolean): void {
  try {
    process.kill(wholeGroup ? -recorded.pid : recorded.pid, name);
  } catch {
    // Already gone.
  }
}

async function gone(recorded: LaunchedProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (commandLineOf(recorded.pid) === recorded.commandLine) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/**
 * Deals with what an earlier `npm start` recorded: refuses while that launcher still runs, else
 * stops the processes it left behind, removes the file and returns a sentence saying what it
 * stopped (null when nothing was left).
 */
export async function clearLeftovers(file: string): Promise<string | null> {
  const state = readLaunchState(file);
  if (!state) return null;
  const other = runningLauncher(state);
  if (other !== null) {
    throw new LaunchError(
      `Another npm start (pid ${other}) is already running from this folder: use it, or stop it (Ctrl-C in its terminal, or \`kill ${other}\`) and run npm start again.`,
    );
  }
  const stopped = await stopRecordedProcesses(state);
  fs.rmSync(file, { force: true });
  if (stopped.length === 0) return null;
  const names = stopped.map(({ name, pid }) => `${name} (pid ${pid})`).join(', ');
  return `npm start (pid ${state.launcher.pid}) ended before it could stop what it started: stopped ${names}.`;
}
