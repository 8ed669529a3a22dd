// A real SMTP server for one test file: the provisioned Mailpit on free loopback ports, with its
// messages read back through Mailpit's HTTP API. `interrupt()` then `resume()` is an SMTP outage
// (the server is down in between; same ports and message store after).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from '../../scripts/free-port';
import { toolPath } from '../../scripts/tools-dir';

export interface MailboxMessage {
  to: string[];
  subject: string;
  text: string;
  /** Without angle brackets, as Mailpit stores it. */
  messageId: string;
}

export interface Mailbox {
  smtpUrl: string;
  /** Every message received so far, oldest first. */
  messages(): Promise<MailboxMessage[]>;
  stop(): Promise<void>;
  /** Stops the server, keeping its messages, until `resume()`. */
  interrupt(): Promise<void>;
  resume(): Promise<void>;
}

interface MailpitSummary {
  ID: string;
  MessageID: string;
  To: Array<{ Address: string }>;
  Subject: string;
}

export async function startMailbox(): Promise<Mailbox> {
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailpit-'));
  const api = `http://127.0.0.1:${httpPort}/api/v1`;
  let child: ChildProcess | null = null;

  async function start(): Promise<void> {
    child = spawn(
      toolPath('mailpit'),
      [
        ['--smtp', `127.0.0.1:${smtpPort}`],
        ['--listen', `127.0.0.1:${httpPort}`],
        ['--database', path.join(dataDir, 'mailpit.db')],
        ['--max', '0'],
        ['--disable-version-check'],
        ['--quiet'],
      ].flat(),
      { stdio: 'ignore' },
    );
    const spawned = child ?? undefined;
    await Promise.all([
      waitForPort(smtpPort, 60_000, spawned),
      waitForPort(httpPort, 60_000, spawned),
    ]);
  }

  async function stop(): Promise<void> {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill();
    await exited;
  }

  async function messages(): Promise<MailboxMessage[]> {
    const list = (await (await fetch(`${api}/messages?limit=1000`)).json()) as {
      messages: MailpitSummary[];
    };
    const full = await Promise.all(
      list.messages.map(async (summary) => {
        const message = (await (await fetch(`${api}/message/${summary.ID}`)).json()) as {
          Text: string;
        };
        return {
          to: summary.To.map((to) => to.Address),
          subject: summary.Subject,
          text: message.Text,
          messageId: summary.MessageID,
        };
      }),
    );
    return full.reverse(); // Mailpit lists newest first
  }

  await start();
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    messages,
    stop: async () => {
      await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    interrupt: stop,
    resume: start,
  };
}
