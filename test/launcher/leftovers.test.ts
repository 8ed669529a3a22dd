// What a killed `npm start` leaves behind is stopped: at once by its watchdog when it is killed
// with kill -9, or by the next start from the state file; only processes that are provably the
// recorded ones (same pid and command line), and never while that launcher still runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  clearLeftovers,
  writeLaunchState,
  type LaunchState,
} from '../../scripts/launcher/launch-state';
import { commandLineOf } from '../../scripts/launcher/process-identity';
import { waitFor } from '../support/wait-for';

const root = path.resolve(__dirname, '../..');
let dir: string;
let stateFile: string;
const spawned: ChildProcess[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'launcher-state-'));
  stateFile = path.join(dir, 'launcher.json');
});
afterEach(() => {
  for (const child of spawned.splice(0)) child.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A long-running process, as the launcher starts one (a process group of its own). */
async function longRunning(): Promise<{ pid: number; commandLine: string }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], {
    detached: true,
    stdio: 'ignore',
  });
  spawned.push(child);
  await once(child, 'spawn');
  const pid = child.pid!;
  await waitFor(() => Promise.resolve(commandLineOf(pid)?.includes('setInterval') ?? false));
  return { pid, commandLine: commandLineOf(pid)! };
}

async function endedProcess(): Promise<{ pid: number; commandLine: string }> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return { pid: child.pid!, commandLine: `${process.execPath} -e ` };
}

function state(launcher: LaunchState['launcher'], processes: LaunchState['processes']): void {
  writeLaunchState(stateFile, { launcher, processes });
}

test('the next start stops what a killed launcher left running, and says what it stopped', async () => {
  const worker = await longRunning();
  const launcher = await endedProcess();
  state(launcher, [{ name: 'worker', ...worker, stopSignal: 'SIGTERM', ownGroup: true }]);

  expect(await clearLeftovers(stateFile)).toBe(
    `npm start (pid ${launcher.pid}) ended before it could stop what it started: stopped worker (pid ${worker.pid}).`,
  );
  expect(commandLineOf(worker.pid)).not.toBe(worker.commandLine); // gone, or a zombie of ours
  expect(fs.existsSync(stateFile)).toBe(false);
});

test('a recorded pid that is now another program is left alone', async () => {
  const stranger = await longRunning();
  const launcher = await endedProcess();
  state(launcher, [
    {
      name: 'API',
      pid: stranger.pid,
      commandLine: '/usr/bin/node api/main.ts',
      stopSignal: 'SIGTERM',
      ownGroup: true,
    },
  ]);

  expect(await clearLeftovers(stateFile)).toBeNull();
  expect(commandLineOf(stranger.pid)).toBe(stranger.commandLine);
});

test('while the recorded launcher still runs, the start is refused with what to do', async () => {
  const launcher = await longRunning();
  const worker = await longRunning();
  state(launcher, [{ name: 'worker', ...worker, stopSignal: 'SIGTERM', ownGroup: true }]);

  await expect(clearLeftovers(stateFile)).rejects.toThrow(
    `Another npm start (pid ${launcher.pid}) is already running from this folder: use it, or stop it (Ctrl-C in its terminal, or \`kill ${launcher.pid}\`) and run npm start again.`,
  );
  expect(commandLineOf(worker.pid)).toBe(worker.commandLine);
  expect(fs.existsSync(stateFile)).toBe(true);
});

test('a launcher killed with kill -9 leaves nothing running: its watchdog stops its children', async () => {
  const launcher = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/launcher/fixtures/killable-launcher.ts', stateFile],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  spawned.push(launcher);
  let output = '';
  launcher.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(() => Promise.resolve(/child \d+/.test(output)), 60_000);
  const child = Number(/child (\d+)/.exec(output)![1]);
  expect(commandLineOf(child)).not.toBeNull();

  launcher.kill('SIGKILL');
  await waitFor(() => Promise.resolve(commandLineOf(child) === null), 60_000);
  await waitFor(() => Promise.resolve(!fs.existsSync(stateFile)));
});
