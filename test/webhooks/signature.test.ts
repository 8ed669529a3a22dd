// The webhook signature a receiver checks: HMAC-SHA256 of "<t>.<body>", with a timestamp window.
import { signatureHeader, verifySignature } from '../../webhooks/signature';

const secret = 'whsec_test';
const body = '{"id":"evt_1","type":"payment.succeeded"}';
const now = 1_800_000_000;

test('a header made with the secret verifies the exact body', () => {
  const header = signatureHeader(secret, body, now);
  expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
  expect(verifySignature({ secret, body, header, nowSeconds: now + 10 })).toBe(true);
});

test('another secret, a changed body or a changed timestamp fail', () => {
  const header = signatureHeader(secret, body, now);
  expect(verifySignature({ secret: 'whsec_other', body, header, nowSeconds: now })).toBe(false);
  expect(verifySignature({ secret, body: `${body} `, header, nowSeconds: now })).toBe(false);
  const moved = header.replace(`t=${now}`, `t=${now + 1}`);
  expect(verifySignature({ secret, body, header: moved, nowSeconds: now })).toBe(false);
});

test('an old signature (a replay) or a malformed header fails', () => {
  const header = signatureHeader(secret, body, now);
  expect(verifySignature({ secret, body, header, nowSeconds: now + 301 })).toBe(false);
  expect(
    verifySignature({ secret, body, header, nowSeconds: now + 3_000, toleranceSeconds: 3_600 }),
  ).toBe(true);
  for (const bad of [undefined, '', 't=abc,v1=00', `t=${now}`, `t=${now},v1=zz`]) {
    expect(verifySignature({ secret, body, header: bad, nowSeconds: now })).toBe(false);
  }
});
