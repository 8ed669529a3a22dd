// Keeps the state file of one running `npm start` up to date and starts its watchdog, so that
// whatever it started is stopped even when it is killed with kill -9.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeLaunchState, type LaunchedProcess, type LaunchState } from './launch-state';
import { commandLineOf } from './process-identity';

const root = path.resolve(__dirname, '../..');

export class LaunchRecorder {
  private readonly state: LaunchState = {
    launcher: { pid: process.pid, commandLine: commandLineOf(process.pid) ?? '' },
    processes: [],
  };
  /** Whether this start got as far as starting anything. */
  started = false;

  constructor(private readonly stateFile: string) {}

  /** Writes the state file and starts the watchdog that reads it if this process is killed. */
  start(): void {
    writeLaunchState(this.stateFile, this.state);
    this.started = true;
    // Detached, it is out of reach of Ctrl-C and of a kill of this process group; it waits
    // for the pipe from this process to close.
    spawn(process.execPath, ['--import', 'tsx', 'scripts/launcher/watchdog.ts', this.stateFile], {
      cwd: root,
      detached: true,
      stdio: ['pipe', 'inherit', 'inherit'],
    });
  }

  record(started: LaunchedProcess): void {
    this.state.processes.push(started);
    if (this.started) writeLaunchState(this.stateFile, this.state);
  }

  /** Everything was stopped: the state file goes, and with it the watchdog's work. */
  finish(): void {
    if (this.started) fs.rmSync(this.stateFile, { force: true });
  }
}
