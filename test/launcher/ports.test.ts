// Every port `npm start` listens on, when already taken, stops the start with one sentence naming
// the port and the variable that moves it; ports of services it does not start are not checked.
import net from 'node:net';
import { freePort } from '../../scripts/free-port';
import { portsNeeded } from '../../scripts/launcher/port-needs';
import { ensurePortsFree } from '../../scripts/launcher/ports';

const variables = [
  'API_PORT',
  'WORKER_HTTP_PORT',
  'WORKER_SDK_METRICS_PORT',
  'EMBEDDED_POSTGRES_PORT',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_UI_PORT',
  'MAILPIT_SMTP_PORT',
  'MAILPIT_UI_PORT',
] as const;

/** An environment where every port is free, each a different one. */
async function freeEnvironment(): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {};
  const taken = new Set<number>();
  for (const variable of variables) {
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    env[variable] = variable === 'TEMPORAL_ADDRESS' ? `127.0.0.1:${port}` : String(port);
  }
  return env;
}

async function occupy(port: number): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

const portOf = (env: NodeJS.ProcessEnv, variable: (typeof variables)[number]) =>
  Number(env[variable]!.split(':').pop());

test('with every port free, the start goes on', async () => {
  await expect(
    ensurePortsFree(portsNeeded(await freeEnvironment(), true)),
  ).resolves.toBeUndefined();
});

test.each(variables)(
  'a port in use is named with %s, the variable that moves it',
  async (variable) => {
    const env = await freeEnvironment();
    const port = portOf(env, variable);
    const holder = await occupy(port);
    try {
      const failure = ensurePortsFree(portsNeeded(env, true));
      await expect(failure).rejects.toThrow(`Port ${port} on 127.0.0.1 (`);
      await expect(failure).rejects.toThrow(
        `) is already in use: stop the program that holds it, or set ${variable} to move it, for example \`${variable}=`,
      );
    } finally {
      holder.close();
    }
  },
);

test.each([
  ['DATABASE_URL', 'EMBEDDED_POSTGRES_PORT'],
  ['SMTP_URL', 'MAILPIT_SMTP_PORT'],
  ['SMTP_URL', 'MAILPIT_UI_PORT'],
] as const)('with %s set, %s is not needed', async (setting, variable) => {
  const env = { ...(await freeEnvironment()), [setting]: 'set' };
  const holder = await occupy(portOf(env, variable));
  try {
    await expect(ensurePortsFree(portsNeeded(env, true))).resolves.toBeUndefined();
  } finally {
    holder.close();
  }
});

test.each(['TEMPORAL_ADDRESS', 'TEMPORAL_UI_PORT'] as const)(
  'with a Temporal server already answering, %s is not needed',
  async (variable) => {
    const env = await freeEnvironment();
    const holder = await occupy(portOf(env, variable));
    try {
      await expect(ensurePortsFree(portsNeeded(env, false))).resolves.toBeUndefined();
    } finally {
      holder.close();
    }
  },
);
