// `npm run stripe:smoke` outside the test suite's reach: without a Stripe test key it says why it
// skipped and exits 0, so CI and fresh machines pass it by; a live key is refused.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function smoke(secretKey: string | undefined) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.STRIPE_SECRET_KEY;
  if (secretKey !== undefined) env.STRIPE_SECRET_KEY = secretKey;
  const run = spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['scripts/stripe-smoke.ts'],
    {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    },
  );
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

test('without a Stripe key the smoke skips, says why and what it needs, and exits 0', () => {
  for (const key of [undefined, '']) {
    const { status, out } = smoke(key);
    expect([key, status]).toEqual([key, 0]);
    expect(out).toContain('stripe:smoke skipped: STRIPE_SECRET_KEY is not set.');
    expect(out).toContain('STRIPE_SMOKE_PORTAL_LINK');
  }
});

test('a live key is refused: the smoke runs in test mode only', () => {
  const { status, out } = smoke('sk_live_not_for_smoke');
  expect(status).toBe(1);
  expect(out).toContain('Refusing to run: STRIPE_SECRET_KEY is not a test-mode key.');
});
