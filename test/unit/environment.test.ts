// The process configuration's derived defaults: unset public and Stripe Connect addresses follow
// the API's port and public address, so Stripe sends the admin back to a page that exists.
import { readEnvironment } from '../../config/environment';

const base = { DATABASE_URL: 'postgresql://localhost/billing' };

test.each([
  [{ API_PORT: '3100' }, 'http://localhost:3100'],
  [{}, 'http://localhost:3000'],
  [
    { API_PORT: '3100', PUBLIC_API_URL: 'https://billing.market.example/' },
    'https://billing.market.example',
  ],
  [{ PUBLIC_API_URL: 'https://market.example/billing' }, 'https://market.example/billing'],
])(
  'unset Connect addresses are the portal’s Stripe pages under the public address (%j)',
  (set, publicUrl) => {
    const env = readEnvironment({ ...base, ...set });
    expect(env.PUBLIC_API_URL).toBe(publicUrl);
    expect(env.STRIPE_CONNECT_RETURN_URL).toBe(`${publicUrl}/portal/stripe/return`);
    expect(env.STRIPE_CONNECT_REFRESH_URL).toBe(`${publicUrl}/portal/stripe/refresh`);
  },
);

test('Connect addresses that are set are kept', () => {
  const env = readEnvironment({
    ...base,
    STRIPE_CONNECT_RETURN_URL: 'https://admin.market.example/back',
    STRIPE_CONNECT_REFRESH_URL: 'https://admin.market.example/again',
  });
  expect([env.STRIPE_CONNECT_RETURN_URL, env.STRIPE_CONNECT_REFRESH_URL]).toEqual([
    'https://admin.market.example/back',
    'https://admin.market.example/again',
  ]);
});
