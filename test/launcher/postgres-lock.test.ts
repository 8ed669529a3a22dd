// A lock file in the embedded PostgreSQL's data folder that would stop it from starting is
// explained with what to do: a PostgreSQL still running there, or a stale file whose pid is now
// another program. A lock file whose process is gone is PostgreSQL's own to clear.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkPostgresLock } from '../../scripts/launcher/postgres-lock';

let dataDir: string;
let lockFile: string;
let running: ChildProcess | null = null;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'postgres-lock-'));
  lockFile = path.join(dataDir, 'postmaster.pid');
});
afterEach(() => {
  running?.kill('SIGKILL');
  running = null;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const lockNaming = (pid: number | string) =>
  fs.writeFileSync(lockFile, `${pid}\n${dataDir}\n1795765990\n5433\n`);

test('no lock file: nothing to say', () => {
  expect(() => checkPostgresLock(dataDir)).not.toThrow();
});

test('a lock file whose process is gone is left to PostgreSQL', async () => {
  const ended = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(ended, 'exit');
  lockNaming(ended.pid!);
  expect(() => checkPostgresLock(dataDir)).not.toThrow();
});

test('a lock file naming a pid that is now another program is stale, with what to do', () => {
  lockNaming(process.pid);
  expect(() => checkPostgresLock(dataDir)).toThrow(
    new RegExp(
      `^The embedded database's lock file \\S*postmaster\\.pid is stale: it names pid ${process.pid}, now another program \\(.+\\), so PostgreSQL would refuse to start\\. No PostgreSQL uses that folder: delete the file \\(\`rm \\S*postmaster\\.pid\`\\) and run npm start again\\.$`,
    ),
  );
});

test('an unreadable lock file is stale, with what to do', () => {
  lockNaming('garbage');
  expect(() => checkPostgresLock(dataDir)).toThrow(/it names no process, .* delete the file/);
});

test('a PostgreSQL still running on the folder is named with how to stop it', async () => {
  // A process whose command line is a postmaster's on this folder.
  running = spawn(
    process.execPath,
    ['-e', 'setInterval(() => {}, 1e9)', 'postgres', '-D', dataDir],
    {
      stdio: 'ignore',
    },
  );
  await once(running, 'spawn');
  lockNaming(running.pid!);
  expect(() => checkPostgresLock(dataDir)).toThrow(
    `PostgreSQL (pid ${running.pid}) is still running on ${path.relative(process.cwd(), dataDir)}, left by an earlier start that was not stopped: stop it with \`kill -INT ${running.pid}\` (a fast, safe shutdown), then run npm start again.`,
  );
});
