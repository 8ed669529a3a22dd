// An embedded PostgreSQL that cannot start says why with its own last log lines (the library
// rejects with nothing, which the launcher used to print as `undefined`).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../scripts/free-port';

const root = path.resolve(__dirname, '../..');

/** What the fixture printed on starting PostgreSQL on `port`. */
async function startOutput(port: number): Promise<string> {
  const args = ['--import', 'tsx', 'test/launcher/fixtures/start-postgres.ts'];
  const run = promisify(execFile)(
    process.execPath,
    [...args, path.join(dir, 'postgres'), String(port)],
    {
      cwd: root,
    },
  );
  return run.then(
    ({ stdout }) => stdout,
    (error: { stdout: string }) => error.stdout,
  );
}

let dir: string;
let holder: net.Server;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-postgres-failure-'));
  fs.chmodSync(dir, 0o755); // PostgreSQL runs as its own system user and must reach its data.
});
afterEach(() => {
  holder.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a port already taken: the failure names the port and carries the server log', async () => {
  const port = await freePort();
  holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));

  const output = await startOutput(port);
  expect(output).toContain(`PostgreSQL did not start on port ${port}`);
  expect(output).toMatch(/Its last lines of log:\n.*could not bind/s);
  expect(output).not.toContain('undefined');
});
