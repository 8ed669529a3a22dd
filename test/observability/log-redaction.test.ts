// No secret reaches a log line: the product's logger (pino with its redaction) writes to a stream,
// and what it wrote is searched for each secret, while the harmless part stays readable.
import { Writable } from 'node:stream';
import { createLogger } from '../../observability/logger';
import { withoutCredentials } from '../../observability/redaction';

function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  // pino writes synchronously to a plain stream: each call's line is there when it returns. Tests
  // log at warn and up (test/support/quiet-logs.ts), so these lines are warnings and errors.
  return { logger: createLogger('redaction-test', stream), text: () => lines.join('') };
}

const SMTP = 'smtp://mailer:hunter2-smtp@mail.example:587';
const BEARER = 'sk_platform_Zx9secretKeyMaterial';

test.each<[string, object, string[], string[]]>([
  [
    'an SMTP URL with credentials',
    { smtp: SMTP },
    ['hunter2-smtp', 'mailer:'],
    ['mail.example:587'],
  ],
  [
    'a database URL one object down',
    { config: { databaseUrl: 'postgresql://billing:pg-pass-1@db:5432/billing' } },
    ['pg-pass-1'],
    ['db:5432/billing'],
  ],
  ['a bearer key in a header', { headers: { authorization: `Bearer ${BEARER}` } }, [BEARER], []],
  [
    'a bearer key in a request',
    { req: { method: 'POST', headers: { authorization: `Bearer ${BEARER}` } } },
    [BEARER],
    ['POST'],
  ],
  [
    'API keys, tokens and secrets',
    {
      platformKey: BEARER,
      invitation: { token: 'inv_tok_secret1' },
      endpoint: { id: 'we_1', secret: 'whsec_secret2' },
      password: 'pw-secret3',
      clientSecret: 'seti_secret4',
    },
    [BEARER, 'inv_tok_secret1', 'whsec_secret2', 'pw-secret3', 'seti_secret4'],
    ['we_1'],
  ],
  [
    'card data',
    { body: { setupIntentId: 'seti_1', card: '4242424242424242' }, cardNumber: '4000000000000002' },
    ['4242424242424242', '4000000000000002'],
    ['seti_1'],
  ],
  [
    'a Stripe signature header',
    { req: { headers: { 'stripe-signature': 't=1,v1=sigsecret5' } } },
    ['sigsecret5'],
    [],
  ],
])('%s is not logged', (_what, fields, secrets, kept) => {
  const { logger, text } = captureLogs();
  logger.warn(fields, 'something happened');
  const written = text();
  expect(written).toContain('something happened');
  for (const secret of secrets) expect(written).not.toContain(secret);
  for (const harmless of kept) expect(written).toContain(harmless);
});

test('an error quoting a URL with credentials is logged without them', () => {
  const { logger, text } = captureLogs();
  logger.error({ err: new Error(`connect ECONNREFUSED ${SMTP}`) }, 'e-mail pass failed');
  const written = text();
  expect(written).toContain('ECONNREFUSED smtp://***@mail.example:587');
  expect(written).not.toContain('hunter2-smtp');
});

test.each([
  ['smtp://user:pass@mail.example:25', 'smtp://***@mail.example:25'],
  ['smtps://user@mail.example', 'smtps://***@mail.example'],
  ['smtp://us%40er:p@ss@mail.example/x', 'smtp://***@mail.example/x'],
  ['smtp://mail.example:1025', 'smtp://mail.example:1025'],
  ['see postgresql://a:b@db/x and https://c:d@e/', 'see postgresql://***@db/x and https://***@e/'],
])('withoutCredentials(%s)', (url, expected) => {
  expect(withoutCredentials(url)).toBe(expected);
});
