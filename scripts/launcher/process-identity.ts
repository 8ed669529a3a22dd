// Tells whether a pid is still the process the launcher started, by its command line, so that
// nothing ever signals a stranger that was given a recycled pid.
import { execFileSync } from 'node:child_process';

/** The full command line of a running process, or null when there is none with that pid. */
export function commandLineOf(pid: number): string | null {
  try {
    const line = execFileSync('ps', ['-ww', '-o', 'args=', '-p', String(pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return line === '' ? null : line;
  } catch {
    return null; // ps exits 1 when no process has the pid.
  }
}

export function isStillRunning(pid: number, commandLine: string): boolean {
  return commandLineOf(pid) === commandLine;
}
