// Explains a lock file (postmaster.pid) in the embedded PostgreSQL's data folder that would stop
// it from starting: a PostgreSQL still running there, or a stale file naming a recycled pid.
import fs from 'node:fs';
import path from 'node:path';
import { LaunchError } from './failure';
import { commandLineOf } from './process-identity';

export function checkPostgresLock(dataDir: string): void {
  const lockFile = path.join(dataDir, 'postmaster.pid');
  const shown = path.relative(process.cwd(), lockFile) || lockFile;
  let firstLine: string;
  try {
    firstLine = fs.readFileSync(lockFile, 'utf8').split('\n')[0] ?? '';
  } catch {
    return; // No lock file: nothing holds the folder.
  }
  const pid = Number(firstLine.trim());
  const commandLine = Number.isInteger(pid) && pid > 0 ? commandLineOf(pid) : null;
  // PostgreSQL itself removes a lock file whose process is gone.
  if (Number.isInteger(pid) && pid > 0 && commandLine === null) return;
  if (commandLine?.includes('postgres') && commandLine.includes(path.resolve(dataDir))) {
    throw new LaunchError(
      `PostgreSQL (pid ${pid}) is still running on ${path.dirname(shown)}, left by an earlier start that was not stopped: stop it with \`kill -INT ${pid}\` (a fast, safe shutdown), then run npm start again.`,
    );
  }
  const names =
    commandLine === null ? 'no process' : `pid ${pid}, now another program (${commandLine})`;
  throw new LaunchError(
    `The embedded database's lock file ${shown} is stale: it names ${names}, so PostgreSQL would refuse to start. No PostgreSQL uses that folder: delete the file (\`rm ${shown}\`) and run npm start again.`,
  );
}
