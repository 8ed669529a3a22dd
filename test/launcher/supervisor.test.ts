// The launcher's supervisor: a child that stops on its own is named with why and what it printed
// last, the others are then stopped with whatever they started, and a stop it asked for is not
// reported.
import { once } from 'node:events';
import { spawn, type ChildProcess } from 'node:child_process';
import { commandLineOf } from '../../scripts/launcher/process-identity';
import { Supervisor } from '../../scripts/launcher/supervisor';
import { waitFor } from '../support/wait-for';

const steady = ['-e', 'setInterval(() => {}, 1e9)'];

function supervised(): { supervisor: Supervisor; explanation: Promise<string> } {
  let report: (explanation: string) => void = () => {};
  const explanation = new Promise<string>((resolve) => (report = resolve));
  const supervisor = new Supervisor({
    onUnexpectedStop: (text) => {
      report(text);
      void supervisor.stopAll();
    },
  });
  return { supervisor, explanation };
}

const stopped = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, 'exit');

test('a child that exits on its own is named with its exit code and last output, and the others are stopped', async () => {
  const { supervisor, explanation } = supervised();
  const others = [
    supervisor.start('database', process.execPath, steady),
    supervisor.start('temporal', process.execPath, steady),
  ];
  const failing = supervisor.start('api', process.execPath, [
    '-e',
    "console.log('starting'); console.error('Port 3000 is already in use'); process.exit(3)",
  ]);

  const text = await explanation;
  expect(text).toContain(`api (pid ${failing.pid}) stopped on its own: it exited with code 3.`);
  expect(text).toContain('starting');
  expect(text).toContain('Port 3000 is already in use');
  expect(text).not.toContain('undefined');
  await Promise.all(others.map(stopped));
  for (const other of others) expect(commandLineOf(other.pid!)).toBeNull();
});

test('a child killed by a signal is named with the signal', async () => {
  const { supervisor, explanation } = supervised();
  const temporal = supervisor.start('Temporal dev server', process.execPath, steady);
  process.kill(temporal.pid!, 'SIGKILL');
  expect(await explanation).toMatch(
    /^Temporal dev server \(pid \d+\) stopped on its own: it was killed by signal SIGKILL\. It printed nothing\./,
  );
});

test('a program that does not exist is named with what to do', async () => {
  const { supervisor, explanation } = supervised();
  supervisor.start('Mailpit', '/nonexistent/tools/bin/mailpit', []);
  expect(await explanation).toBe(
    'Mailpit could not be started: /nonexistent/tools/bin/mailpit does not exist. Run `npm run provision` to install the tools, then npm start again.',
  );
});

test('stopping everything stops what each child started, and reports nothing', async () => {
  const onUnexpectedStop = jest.fn();
  const supervisor = new Supervisor({ onUnexpectedStop });
  const parent = supervisor.start(process.execPath, process.execPath, [
    '-e',
    "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' }); console.log('grandchild ' + c.pid); setInterval(() => {}, 1e9)",
  ]);
  let output = '';
  parent.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(() => Promise.resolve(/grandchild \d+/.test(output)));
  const grandchild = Number(/grandchild (\d+)/.exec(output)![1]);

  const closed = once(parent, 'close');
  await supervisor.stopAll();
  await closed;
  await waitFor(() => Promise.resolve(commandLineOf(grandchild) === null));
  expect(onUnexpectedStop).not.toHaveBeenCalled();
});

test('a watched process that is gone is named with its last log lines', async () => {
  const { supervisor, explanation } = supervised();
  const postgres = spawn(process.execPath, steady, { stdio: 'ignore' });
  supervisor.watch(
    {
      name: 'PostgreSQL',
      pid: postgres.pid!,
      commandLine: commandLineOf(postgres.pid!)!,
      stopSignal: 'SIGINT',
      ownGroup: false,
    },
    () => ['FATAL:  terminating connection due to administrator command'],
    50,
  );
  postgres.kill('SIGKILL');
  const text = await explanation;
  expect(text).toContain(
    `PostgreSQL (pid ${postgres.pid}) stopped on its own: it is no longer running.`,
  );
  expect(text).toContain('FATAL:  terminating connection due to administrator command');
});
