// stripe-mock for one test file: the provisioned binary on a free port, behind a small recording
// proxy so a test can check what actually went on the wire (headers and form body), and have
// Stripe refuse the next requests the way it does under load (429 rate_limit, 409 lock_timeout).
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { freePort, waitForPort } from '../../scripts/free-port';
import { toolPath } from '../../scripts/tools-dir';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The form-encoded body, decoded (`metadata[seller_id]` → value). */
  form: URLSearchParams;
}

/** An error answer as Stripe sends it: the HTTP status and the body's `error` object. */
export interface StripeErrorAnswer {
  status: number;
  error: { type: string; code: string; message: string };
}

export interface StripeMock {
  /** Where the SDK should send requests (the recording proxy). */
  host: string;
  port: number;
  requests: RecordedRequest[];
  /** The next requests get these answers, in order, instead of reaching stripe-mock. */
  refuseNext(...answers: StripeErrorAnswer[]): void;
  stop(): Promise<void>;
}

/** Starts stripe-mock on a free port; a start that loses its port to another process is retried. */
async function spawnStripeMock(attempts = 3): Promise<{ mockPort: number; child: ChildProcess }> {
  for (let attempt = 1; ; attempt += 1) {
    const mockPort = await freePort();
    const child = spawn(toolPath('stripe-mock'), ['-http-addr', `127.0.0.1:${mockPort}`], {
      stdio: 'ignore',
    });
    try {
      await waitForPort(mockPort, 60_000, child);
      return { mockPort, child };
    } catch (error) {
      child.kill();
      if (attempt >= attempts) throw error;
    }
  }
}

export async function startStripeMock(): Promise<StripeMock> {
  const { mockPort, child } = await spawnStripeMock();
  const requests: RecordedRequest[] = [];
  const refusals: StripeErrorAnswer[] = [];
  const proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        form: new URLSearchParams(body.toString('utf8')),
      });
      const refusal = refusals.shift();
      if (refusal) {
        res.writeHead(refusal.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: refusal.error }));
        return;
      }
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port: mockPort,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (error) => res.destroy(error));
      upstream.end(body);
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
  return {
    host: '127.0.0.1',
    port,
    requests,
    refuseNext: (...answers) => refusals.push(...answers),
    stop: async () => {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill();
      await exited;
    },
  };
}
