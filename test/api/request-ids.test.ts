// Every API answer carries a request id in x-request-id, the same one as error.requestId in an
// error body; a caller's own id is kept when it is short and plain, and replaced otherwise.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger } from '../../observability/logger';
import { startApi, useDatabaseAndApi } from '../support/api';

const context = useDatabaseAndApi();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function call(path: string, headers: Record<string, string> = {}) {
  const answer = await fetch(`${context.api.url}${path}`, { headers });
  return {
    status: answer.status,
    requestId: answer.headers.get('x-request-id'),
    body: (await answer.json()) as { error?: { requestId?: string } },
  };
}

test('an answer without an incoming id gets a new UUID, and an error body names the same id', async () => {
  const live = await call('/livez');
  expect(live.requestId).toMatch(UUID);

  const refused = await call('/v1/sellers', { authorization: 'Bearer not-a-key' });
  expect(refused.status).toBe(401);
  expect(refused.requestId).toMatch(UUID);
  expect(refused.body.error?.requestId).toBe(refused.requestId);
  expect(refused.requestId).not.toBe(live.requestId);
});

test.each([
  'req-7f3a',
  'edge:2026-11-27T07:45:00.123Z',
  '9d9de823-0564-4554-9013-d7cba63eaac0',
  'A'.repeat(128),
])('a plain incoming id %s is kept, in the header and in an error body', async (incoming) => {
  const answer = await call(`/no-such-thing/${randomUUID()}`, { 'x-request-id': incoming });
  expect(answer).toMatchObject({ status: 404, requestId: incoming });
  expect(answer.body.error?.requestId).toBe(incoming);
});

test.each([
  ['too long', 'A'.repeat(129)],
  ['with spaces', 'a b'],
  ['with quotes and braces', '"}{"level":60'],
  ['with a log-forging escape', 'x\\nfake line'],
  ['with non-ASCII letters', 'idé'],
  ['empty', ''],
])('an incoming id %s is replaced by a new UUID', async (_what, incoming) => {
  const answer = await call(`/no-such-thing/${randomUUID()}`, { 'x-request-id': incoming });
  expect(answer.status).toBe(404);
  expect(answer.requestId).toMatch(UUID);
  expect(answer.body.error?.requestId).toBe(answer.requestId);
});

test('each request is logged once, under its id, with its credentials redacted', async () => {
  const lines: Array<Record<string, any>> = [];
  const logger = createLogger(
    'request-log-test',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, any>);
        done();
      },
    }),
  );
  logger.level = 'info';
  const api = await startApi({ db: context.database.db, logger });
  try {
    const secret = 'sk_test_request_log_secret';
    const answer = await fetch(`${api.url}/v1/sellers`, {
      headers: { authorization: `Bearer ${secret}`, 'x-request-id': 'support-ticket-42' },
    });
    expect(answer.status).toBe(401);
    const logged = lines.filter((line) => line.req?.id === 'support-ticket-42');
    expect(logged).toEqual([
      expect.objectContaining({
        req: expect.objectContaining({ method: 'GET', url: '/v1/sellers' }),
        res: expect.objectContaining({ statusCode: 401 }),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain(secret);
  } finally {
    await api.close();
  }
});
