// The invitation's acceptance page in a real browser (Debian's Chromium) against the real stack,
// e-mail included (Mailpit): the invitee opens the link from the e-mail, accepts, and as a new
// self-service seller lands in Manage payments with a session; an existing seller sees what was
// recorded and gets no session; a used link is refused; a cross-site POST is refused; French.
import type { BrowserContext, Page } from 'playwright-core';
import { checkPage, englishLeftOn } from '../support/page-checks';
import { clientFor, keyFor } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { heading, recordAxe, shown, useBrowser, type AxeCounts } from '../support/browser';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { waitFor } from '../support/wait-for';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack({ mail: true });
});
afterAll(() => stack?.stop());
const chromium = useBrowser();

const axeCounts: Record<string, AxeCounts> = {};
afterAll(() => recordAxe(axeCounts));

async function newPage(locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.browser.newContext({ locale });
  return { context, page: await context.newPage() };
}

const check = (page: Page, name: string) => checkPage(page, name, axeCounts);

let addresses = 0;

/** Invites the address through the API and answers the acceptance page's path from the e-mail. */
async function invitedPath(marketplaceId: string, email: string): Promise<string> {
  const { db } = stack.database;
  const admin = clientFor(stack.api, await keyFor(db, 'marketplace_admin', { marketplaceId }));
  const answer = await admin('POST', `/v1/marketplaces/${marketplaceId}/invitations`, { email });
  expect(answer.status).toBe(201);
  let path: string | undefined;
  await waitFor(async () => {
    const mail = (await stack.mailbox!.messages()).find((m) => m.to.includes(email));
    path = /https?:\/\/\S+(\/portal\/invitations\/inv_[\w-]+)/.exec(mail?.text ?? '')?.[1];
    return path !== undefined;
  });
  return path!;
}

test('a new seller opens the e-mail’s link, accepts and lands in Manage payments; the link then is used', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db);
  const email = `invitee.${(addresses += 1)}@example.com`;
  const path = await invitedPath(marketplace.id, email);
  const { context, page } = await newPage();
  try {
    const opened = await page.goto(`${stack.api.url}${path}`);
    expect(opened?.status()).toBe(200);
    await heading(page, 'Your invitation');
    await shown(page, 'main', 'Test Marketplace invites you to pay for your ads by card');
    await check(page, 'invitation');
    await page.getByLabel('Your shop’s name').fill('Boutique Invitée');
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await heading(page, 'Manage payments');
    expect(await shown(page, '[role=status]', 'Invitation accepted')).toBe(
      'Invitation accepted: welcome to Manage payments.',
    );
    const seller = await db.seller.findFirstOrThrow({ where: { marketplaceId: marketplace.id } });
    expect([seller.name, seller.email, seller.billingMode]).toEqual([
      'Boutique Invitée',
      email,
      'self_service',
    ]);
    expect(new URL(page.url()).pathname).toBe(`/portal/sellers/${seller.id}`);
    await check(page, 'invitation-accepted-overview');

    // The same link again: already accepted.
    await page.goto(`${stack.api.url}${path}`);
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await heading(page, 'This invitation cannot be accepted');
    await shown(page, 'main', 'This invitation was already accepted.');
    await check(page, 'invitation-refused');
    const unknown = await page.goto(`${stack.api.url}/portal/invitations/inv_unknown`);
    expect(unknown?.status()).toBe(404);
  } finally {
    await context.close();
  }
});

test('an existing seller accepting sees the recorded outcome and gets no session', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db);
  const { seller } = await createSelfServiceSeller(db, marketplace.id, { name: 'Old Hand' });
  await db.seller.update({ where: { id: seller.id }, data: { billingMode: 'managed' } });
  const path = await invitedPath(marketplace.id, seller.email);
  const { context, page } = await newPage();
  try {
    await page.goto(`${stack.api.url}${path}`);
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await heading(page, 'Invitation accepted');
    await shown(page, 'main', 'Your marketplace keeps billing you');
    await shown(page, 'main', 'Your seller account already existed');
    await check(page, 'invitation-existing-seller');
    const invitation = await db.invitation.findFirstOrThrow({
      where: { marketplaceId: marketplace.id },
    });
    expect([invitation.sellerId, invitation.decision]).toEqual([seller.id, 'managed']);
    expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain('portal_session');
    const mine = await page.goto(`${stack.api.url}/portal/sellers/${seller.id}`);
    expect(mine?.status()).toBe(404);
  } finally {
    await context.close();
  }
});

test('a POST from another site is refused; the French page has no English', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db);
  const email = `invitee.${(addresses += 1)}@example.com`;
  const path = await invitedPath(marketplace.id, email);
  const forged = await fetch(`${stack.api.url}${path}/accept`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'cross-site',
    },
    body: 'sellerName=Forged',
  });
  expect(forged.status).toBe(403);
  expect(await db.seller.count({ where: { marketplaceId: marketplace.id } })).toBe(0);

  const { context, page } = await newPage('fr-FR');
  try {
    await page.goto(`${stack.api.url}${path}`);
    await heading(page, 'Votre invitation');
    expect(await englishLeftOn(page)).toEqual([]);
    await check(page, 'invitation-fr');
  } finally {
    await context.close();
  }
});
