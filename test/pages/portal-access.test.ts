// Portal links and sessions over HTTP: who may ask for a link and for whom, a link works once and
// for 15 minutes, the session cookie's attributes, tokens stored only as hashes, scope (anything
// outside the session answers 404), the anti-forgery check on every form, sign-out, and the
// security headers of every page.
import { createHash } from 'node:crypto';
import { mintPortalLink } from '../../access/portal-access';
import { clientFor, keyFor, startApi, useDatabaseAndApi, type RunningApi } from '../support/api';
import { connectStripe, createMarketplace, createSelfServiceSeller } from '../support/fixtures';

const context = useDatabaseAndApi();

async function world() {
  const { db } = context.database;
  const marketplace = await createMarketplace(context.database.db, { currency: 'EUR' });
  await connectStripe(db, marketplace.id);
  const { seller } = await createSelfServiceSeller(db, marketplace.id, { campaigns: 0 });
  const { seller: other } = await createSelfServiceSeller(db, marketplace.id, { campaigns: 0 });
  const admin = clientFor(
    context.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  const sellerKey = await keyFor(db, 'seller', {
    marketplaceId: marketplace.id,
    sellerId: seller.id,
  });
  return { marketplace, seller, other, admin, sellerCall: clientFor(context.api, sellerKey) };
}

/** Opens a link without following its redirect; answers the status, location and cookie. */
async function open(url: string, cookie?: string) {
  const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('portal_session='));
  return {
    status: response.status,
    location: response.headers.get('location'),
    setCookie,
    cookie: setCookie?.split(';')[0],
    text: await response.text(),
    headers: response.headers,
  };
}

function page(path: string, cookie: string, init: RequestInit = {}) {
  return fetch(`${context.api.url}${path}`, {
    redirect: 'manual',
    ...init,
    headers: { cookie, ...(init.headers as Record<string, string> | undefined) },
  });
}

async function sellerSession(sellerCall: ReturnType<typeof clientFor>, sellerId: string) {
  const link = await sellerCall('POST', `/v1/sellers/${sellerId}/portal-links`);
  expect(link.status).toBe(201);
  const entered = await open(link.body.url);
  expect(entered.status).toBe(303);
  return entered.cookie as string;
}

/** The page's anti-forgery token, read from its sign-out form. */
async function csrfOf(cookie: string, path: string) {
  const html = await (await page(path, cookie)).text();
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] as string;
}

test('an admin key asks for links for its admin and its sellers; a seller key for itself only', async () => {
  const { marketplace, seller, other, admin, sellerCall } = await world();
  const base = `/v1/marketplaces/${marketplace.id}/portal-links`;

  const forAdmin = await admin('POST', base, { for: 'admin' });
  expect(forAdmin.status).toBe(201);
  expect(forAdmin.body.url).toMatch(new RegExp(`^${context.api.url}/portal/enter\\?token=pl_`));
  const expiresInMs = Date.parse(forAdmin.body.expiresAt) - Date.now();
  expect(expiresInMs).toBeGreaterThan(0);
  expect(expiresInMs).toBeLessThanOrEqual(15 * 60_000);

  expect((await admin('POST', base, { for: 'seller', sellerId: seller.id })).status).toBe(201);
  expect((await admin('POST', `/v1/sellers/${seller.id}/portal-links`)).status).toBe(201);
  expect((await sellerCall('POST', `/v1/sellers/${seller.id}/portal-links`)).status).toBe(201);

  // Outside the key's scope: another seller, another marketplace's seller, the admin's links.
  expect((await sellerCall('POST', `/v1/sellers/${other.id}/portal-links`)).status).toBe(404);
  expect((await sellerCall('POST', base, { for: 'admin' })).status).toBe(403);
  const elsewhere = await world();
  expect((await admin('POST', base, { for: 'seller', sellerId: elsewhere.seller.id })).status).toBe(
    404,
  );
  expect((await admin('POST', `/v1/sellers/${elsewhere.seller.id}/portal-links`)).status).toBe(404);
  expect(
    (
      await admin('POST', `/v1/marketplaces/${elsewhere.marketplace.id}/portal-links`, {
        for: 'admin',
      })
    ).status,
  ).toBe(404);
  const invalid = await admin('POST', base, { for: 'seller' });
  expect(invalid.status).toBe(400);
  expect(invalid.body.error.code).toBe('invalid_request');
});

test('a link opens one session, once: its cookie is httpOnly, SameSite=Lax, under /portal', async () => {
  const { seller, sellerCall } = await world();
  const link = await sellerCall('POST', `/v1/sellers/${seller.id}/portal-links`);
  const entered = await open(link.body.url);
  expect(entered.status).toBe(303);
  expect(entered.location).toBe('/portal/');
  expect(entered.setCookie).toMatch(/; HttpOnly/);
  expect(entered.setCookie).toMatch(/; SameSite=Lax/);
  expect(entered.setCookie).toMatch(/; Path=\/portal/);
  expect(entered.setCookie).not.toMatch(/; Secure/);

  const home = await page('/portal/', entered.cookie as string);
  expect(home.status).toBe(303);
  expect(home.headers.get('location')).toBe(`/portal/sellers/${seller.id}`);

  const again = await open(link.body.url);
  expect(again.status).toBe(410);
  expect(again.setCookie).toBeUndefined();
  expect(again.text).toContain('This link no longer works');

  const nonsense = await open(`${context.api.url}/portal/enter?token=pl_nothing`);
  expect(nonsense.status).toBe(410);
});

test('an expired link is refused', async () => {
  const { marketplace, seller } = await world();
  const { token } = await mintPortalLink(
    context.database.db,
    { role: 'seller', marketplaceId: marketplace.id, sellerId: seller.id },
    Date.now() - 15 * 60_000,
  );
  const entered = await open(`${context.api.url}/portal/enter?token=${token}`);
  expect(entered.status).toBe(410);
  expect(entered.setCookie).toBeUndefined();
});

test('entering sweeps away expired links and sessions, and only those', async () => {
  const { marketplace, seller, sellerCall } = await world();
  const { db } = context.database;
  const scope = { role: 'seller', marketplaceId: marketplace.id, sellerId: seller.id };
  const past = new Date(Date.now() - 60_000);
  const oldLink = await db.portalLink.create({
    data: { ...scope, tokenHash: `old-link-${seller.id}`, expiresAt: past },
  });
  const oldSession = await db.portalSession.create({
    data: { ...scope, sessionHash: `old-session-${seller.id}`, expiresAt: past },
  });
  const cookie = await sellerSession(sellerCall, seller.id);
  expect(await db.portalLink.findUnique({ where: { id: oldLink.id } })).toBeNull();
  expect(await db.portalSession.findUnique({ where: { id: oldSession.id } })).toBeNull();
  expect((await page('/portal/', cookie)).status).toBe(303);
});

test('link tokens and session ids are stored only as SHA-256 hashes', async () => {
  const { seller, sellerCall } = await world();
  const link = await sellerCall('POST', `/v1/sellers/${seller.id}/portal-links`);
  const token = new URL(link.body.url).searchParams.get('token') as string;
  const cookie = (await open(link.body.url)).cookie as string;
  const sessionToken = cookie.split('=')[1] as string;
  const { db } = context.database;
  const sha = (value: string) => createHash('sha256').update(value).digest('hex');
  const linkRow = await db.portalLink.findUniqueOrThrow({ where: { tokenHash: sha(token) } });
  const sessionRow = await db.portalSession.findUniqueOrThrow({
    where: { sessionHash: sha(sessionToken) },
  });
  const stored = JSON.stringify([linkRow, sessionRow]);
  expect(stored).not.toContain(token);
  expect(stored).not.toContain(sessionToken);
  expect(sessionRow).toMatchObject({ role: 'seller', sellerId: seller.id });
});

test('a seller session sees only its own seller: anything else answers 404', async () => {
  const { marketplace, seller, other, admin, sellerCall } = await world();
  const cookie = await sellerSession(sellerCall, seller.id);
  for (const path of [
    `/portal/sellers/${other.id}`,
    `/portal/sellers/${other.id}/cards`,
    `/portal/sellers/${other.id}/cards/new`,
    `/portal/sellers/${other.id}/campaigns`,
    `/portal/sellers/not-a-uuid/campaigns`,
    `/portal/marketplaces/${marketplace.id}`,
    '/portal/nothing-here',
  ]) {
    const response = await page(path, cookie);
    expect([path, response.status]).toEqual([path, 404]);
    expect(await response.text()).toContain('Page not found');
  }
  // Without a session, no page is there either.
  expect((await page(`/portal/sellers/${seller.id}`, '')).status).toBe(404);

  // An admin session is the admin's: not a seller's page.
  const adminLink = await admin('POST', `/v1/marketplaces/${marketplace.id}/portal-links`, {
    for: 'admin',
  });
  const adminCookie = (await open(adminLink.body.url)).cookie as string;
  expect((await page(`/portal/sellers/${seller.id}/cards`, adminCookie)).status).toBe(404);
  expect((await page(`/portal/marketplaces/${marketplace.id}`, adminCookie)).status).toBe(200);
});

test('every form needs its own session’s anti-forgery token', async () => {
  const { seller, other, sellerCall, marketplace } = await world();
  const cookie = await sellerSession(sellerCall, seller.id);
  const otherKey = await keyFor(context.database.db, 'seller', {
    marketplaceId: marketplace.id,
    sellerId: other.id,
  });
  const otherCookie = await sellerSession(clientFor(context.api, otherKey), other.id);
  const othersToken = await csrfOf(otherCookie, '/portal/signed-out');
  expect(othersToken).toMatch(/^[\w-]{20,}$/);

  const form = (body: string) =>
    page(`/portal/sellers/${seller.id}/campaigns`, cookie, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  for (const body of ['name=Summer', `name=Summer&_csrf=${othersToken}`, 'name=Summer&_csrf=']) {
    const refused = await form(body);
    expect([body, refused.status]).toEqual([body, 403]);
    expect(await refused.text()).toContain('This form has expired');
  }
  const signOut = await page('/portal/sign-out', cookie, { method: 'POST' });
  expect(signOut.status).toBe(403);
  expect(await context.database.db.campaign.count({ where: { sellerId: seller.id } })).toBe(0);
});

test('sign-out deletes the session', async () => {
  const { seller, sellerCall } = await world();
  const cookie = await sellerSession(sellerCall, seller.id);
  const token = await csrfOf(cookie, '/portal/signed-out');
  const signOut = await page('/portal/sign-out', cookie, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `_csrf=${token}`,
  });
  expect(signOut.status).toBe(303);
  expect(signOut.headers.get('location')).toBe('/portal/signed-out');
  expect(signOut.headers.getSetCookie().join()).toMatch(/portal_session=;/);
  expect((await page('/portal/', cookie)).status).toBe(404);
});

test('every page carries a strict Content-Security-Policy and no-framing headers', async () => {
  const { seller, sellerCall } = await world();
  const cookie = await sellerSession(sellerCall, seller.id);
  for (const path of [
    '/portal/signed-out',
    '/portal/nowhere',
    `/portal/sellers/${seller.id}/cards`,
  ]) {
    const response = await page(path, cookie);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('stripe');
    expect(csp).not.toContain('unsafe');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  }
});

describe('behind https', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({
      db: context.database.db,
      portal: { publicUrl: 'https://billing.market.example/' },
    });
  });
  afterAll(() => api.close());

  test('links name the public address and the session cookie is Secure', async () => {
    const { seller, marketplace } = await world();
    const key = await keyFor(context.database.db, 'seller', {
      marketplaceId: marketplace.id,
      sellerId: seller.id,
    });
    const link = await clientFor(api, key)('POST', `/v1/sellers/${seller.id}/portal-links`);
    expect(link.body.url).toMatch(/^https:\/\/billing\.market\.example\/portal\/enter\?token=pl_/);
    const local = String(link.body.url).replace('https://billing.market.example', api.url);
    expect((await open(local)).setCookie).toMatch(/; Secure/);
  });
});
