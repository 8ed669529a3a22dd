// The API process listens on loopback unless HOST says otherwise: the real entry point
// (api/main.ts) is started and its log line reports the address the system bound it to.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { freePort } from '../../scripts/free-port';

const root = path.resolve(__dirname, '../..');

/** Starts api/main.ts, answers the address it listens on, and stops it. */
async function boundAddress(host: string | undefined): Promise<{ address: string; port: number }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: host,
    API_PORT: String(port),
    DATABASE_URL: process.env.TEST_DATABASE_ADMIN_URL,
    LOG_LEVEL: 'info',
  };
  if (host === undefined) delete env.HOST;
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'api/main.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const exited = new Promise<never>((_resolve, reject) =>
      child.once('exit', (code) => reject(new Error(`api/main.ts exited (${code})`))),
    );
    const listening = (async () => {
      for await (const line of readline.createInterface({ input: child.stdout })) {
        const entry = JSON.parse(line) as { msg?: string; listening?: { address: string } };
        if (entry.msg?.startsWith('API listening')) return entry.listening;
      }
      throw new Error('api/main.ts closed its output before listening');
    })();
    const bound = await Promise.race([listening, exited]);
    const answer = await fetch(`http://127.0.0.1:${port}/v1/openapi.json`);
    expect(answer.status).toBe(200);
    return { address: bound?.address ?? '', port };
  } finally {
    child.kill('SIGTERM');
  }
}

test('without HOST the API listens on 127.0.0.1 only', async () => {
  expect((await boundAddress(undefined)).address).toBe('127.0.0.1');
});

test('HOST=0.0.0.0 (a container) listens on every interface', async () => {
  expect((await boundAddress('0.0.0.0')).address).toBe('0.0.0.0');
});

test('a port already in use stops the API with a sentence naming the port and API_PORT', async () => {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const port = (holder.address() as net.AddressInfo).port;
  try {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'api/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        API_PORT: String(port),
        DATABASE_URL: process.env.TEST_DATABASE_ADMIN_URL,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: string[] = [];
    readline.createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toContain(
      `Port ${port} on 127.0.0.1 is already in use: stop what holds it, or set API_PORT to another port.`,
    );
    expect(messages.some((message) => message.startsWith('API listening'))).toBe(false);
  } finally {
    holder.close();
  }
});
