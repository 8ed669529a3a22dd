// The source document walked through the pages in a real browser (Debian's Chromium), clicking
// as a person would, against the real stack (time-skipping Temporal, a billing worker, the spend
// relay, PostgreSQL, the API, e-mail to Mailpit): the platform enables Payments (API); the admin
// connects Stripe, switches self-service on with a €100 limit, sets the invitation mode and
// invites; the seller opens the e-mail's link, accepts, adds card 4242 and creates a campaign;
// spend crosses the limit (API); the admin finds the payment, its receipt PDF and the CSV; a card
// that declines on charge pauses the campaign and the seller's page says why; a new card resumes
// it; limit changes show as pending until the next cycle, then in force. axe-core and a screenshot
// on each page.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { formatDateTime } from '../../pages/format';
import { clientFor, createSourceDocumentMarketplace, keyFor } from '../support/api';
import { heading, shown } from '../support/browser';
import { usePageStack } from '../support/page-stack';
import { spendEvent } from '../support/fixtures';
import type { MailboxMessage } from '../support/mailbox';
import { newPage, plain } from '../support/page-checks';
import { pdfText } from '../support/pdf-text';
import { waitFor } from '../support/wait-for';

const pages = usePageStack({ relay: true, mail: true, connectToPortal: true });
const { check } = pages;

/** The e-mail to `address` whose subject contains `subject`, once it has arrived. */
async function mailTo(address: string, subject: string): Promise<MailboxMessage> {
  let found: MailboxMessage | undefined;
  await waitFor(async () => {
    const messages = await pages.stack.mailbox!.messages();
    found = messages.find((m) => m.to.includes(address) && m.subject.includes(subject));
    return found !== undefined;
  });
  return found!;
}

/** Clicks a download link and answers the saved file's bytes and suggested name. */
async function download(page: Page, name: string | RegExp) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name }).first().click(),
  ]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

/** Reloads the page until the text of `selector` (all of it) holds `text`, the effect of a
 * workflow elsewhere; answers that text. */
async function reloadUntil(page: Page, selector: string, text: string): Promise<string> {
  let seen = '';
  await waitFor(async () => {
    await page.reload();
    seen = plain((await page.locator(selector).allInnerTexts()).join('\n'));
    return seen.includes(text);
  });
  return seen;
}

/** The control labelled `label` is a target of at least 24 px (WCAG 2.5.8) and its label does
 * not touch it (beside it with a gap, or above it). */
async function apartFromLabel(page: Page, label: string): Promise<boolean> {
  const control = await page.getByLabel(label, { exact: true }).boundingBox();
  const text = await page.locator('label', { hasText: label }).first().boundingBox();
  if (!control || !text) return false;
  const beside = text.x + text.width + 4 <= control.x;
  const above = text.y + text.height <= control.y;
  return control.height >= 24 && (beside || above);
}

/** Types a card number into the simulated card form and saves it. */
async function addCard(page: Page, number: string) {
  await page.getByRole('link', { name: 'Cards', exact: true }).click();
  await heading(page, 'Cards');
  await page.getByRole('link', { name: 'Add a card' }).click();
  await heading(page, 'Add a card');
  await page.getByLabel('Test card number').fill(number);
  await page.getByRole('button', { name: 'Save card' }).click();
  await shown(page, '[role=status]', 'Card added and made your default.');
}

/** The whole story in one test: a cap that only ends a hung run, well above the file's usual
 * one to two minutes, since a busy machine (CI, helpers side by side) can take several times that. */
const WALKTHROUGH_CAP_MS = 10 * 60_000;

test(
  'the source document, walked through the pages by the admin and a seller',
  async () => {
    const { db } = pages.stack.database;
    const { api, env } = pages.stack;
    const platform = clientFor(api, await keyFor(db, 'platform'));

    // The platform creates the marketplace and enables Payments (API only: it has no pages).
    const { marketplaceId, admin, ingest } = await createSourceDocumentMarketplace(api, platform);
    const enabled = await platform('POST', `/v1/marketplaces/${marketplaceId}/payments/enable`);
    expect(enabled.status).toBe(200);

    // The marketplace's back office asks for a portal link for its admin.
    const adminLink = await admin('POST', `/v1/marketplaces/${marketplaceId}/portal-links`, {
      for: 'admin',
    });
    expect(adminLink.status).toBe(201);
    const adminSide = await newPage(pages.browser);
    const sellerSide = await newPage(pages.browser);
    const adminPage = adminSide.page;
    const sellerPage = sellerSide.page;
    try {
      // Settings → Payments: connect Stripe (the simulated onboarding returns at once).
      await adminPage.goto(adminLink.body.url as string);
      await heading(adminPage, 'Payments');
      await shown(adminPage, 'main', 'No seller yet.');
      await check(adminPage, 'walk-admin-sellers-empty');
      await adminPage.getByRole('link', { name: 'Stripe', exact: true }).click();
      await heading(adminPage, 'Stripe');
      expect(await adminPage.locator('#stripe-status').innerText()).toBe('Not connected');
      await check(adminPage, 'walk-admin-stripe');
      await adminPage.getByRole('button', { name: 'Connect now' }).click();
      await shown(adminPage, '[role=status]', 'Back from Stripe');
      expect(await adminPage.locator('#stripe-status').innerText()).toBe(
        'Connected: card payments can be taken',
      );
      await check(adminPage, 'walk-admin-stripe-connected');

      // The Self-service switch with a €100 limit, and invited sellers pay by card.
      await adminPage.getByRole('link', { name: 'Settings', exact: true }).click();
      await heading(adminPage, 'Settings');
      await check(adminPage, 'walk-admin-settings');
      await adminPage.getByLabel('Sellers pay by card for their campaigns').check();
      await adminPage.getByLabel('Default credit limit (EUR)').fill('100');
      await adminPage.getByLabel('Pay by card (self-service)').check();
      await adminPage.getByRole('button', { name: 'Save settings' }).click();
      await shown(adminPage, '[role=status]', 'Settings saved.');
      expect(
        await adminPage.getByLabel('Sellers pay by card for their campaigns').isChecked(),
      ).toBe(true);
      expect(await adminPage.getByLabel('Default credit limit (EUR)').inputValue()).toBe('100.00');
      expect(await adminPage.getByLabel('Pay by card (self-service)').isChecked()).toBe(true);
      await check(adminPage, 'walk-admin-settings-saved');

      // The admin invites a seller by e-mail.
      await adminPage.getByRole('link', { name: 'Invitations', exact: true }).click();
      await heading(adminPage, 'Invitations');
      await shown(adminPage, '#invitation-mode', 'Invited sellers become: Pay by card');
      await adminPage.getByLabel('Seller’s e-mail address').fill('new@shop.example');
      await adminPage.getByRole('button', { name: 'Send invitation' }).click();
      await shown(adminPage, '[role=status]', 'Invitation sent.');
      expect(
        plain(await adminPage.locator('tbody tr', { hasText: 'new@shop.example' }).innerText()),
      ).toMatch(/Pending\s+Link valid until/);
      await check(adminPage, 'walk-admin-invited');

      // The seller opens the link from the e-mail, accepts and lands in Manage payments.
      const invitation = await mailTo('new@shop.example', 'Marché Central invites you');
      const acceptPath = /https?:\/\/\S+(\/portal\/invitations\/inv_[\w-]+)/.exec(
        invitation.text,
      )?.[1];
      expect(acceptPath).toBeDefined();
      await sellerPage.goto(`${api.url}${acceptPath!}`);
      await heading(sellerPage, 'Your invitation');
      await shown(sellerPage, 'main', 'Marché Central invites you to pay for your ads by card');
      await check(sellerPage, 'walk-seller-invitation');
      await sellerPage.getByLabel('Your shop’s name').fill('New Shop');
      await sellerPage.getByRole('button', { name: 'Accept the invitation' }).click();
      await heading(sellerPage, 'Manage payments');
      await shown(sellerPage, '[role=status]', 'Invitation accepted: welcome to Manage payments.');
      const welcome = plain(await sellerPage.locator('main').innerText());
      expect(welcome).toContain('€0.00 of €100.00');
      expect(welcome).toContain('No card yet.');
      await check(sellerPage, 'walk-seller-welcome');
      const seller = await db.seller.findFirstOrThrow({ where: { marketplaceId } });
      expect(new URL(sellerPage.url()).pathname).toBe(`/portal/sellers/${seller.id}`);

      // Add card 4242 and create a campaign.
      await addCard(sellerPage, '4242 4242 4242 4242');
      await shown(sellerPage, '.rows li', 'Visa ending 4242');
      await check(sellerPage, 'walk-seller-card');
      await sellerPage.getByRole('link', { name: 'Campaigns', exact: true }).click();
      await heading(sellerPage, 'Campaigns');
      await sellerPage.getByLabel('Campaign name').fill('Summer');
      await sellerPage.getByRole('button', { name: 'Create campaign' }).click();
      await shown(sellerPage, '[role=status]', 'Campaign created.');
      const summer = sellerPage.locator('.rows li', { hasText: 'Summer' });
      await summer.filter({ hasText: 'Running' }).waitFor();
      await check(sellerPage, 'walk-seller-campaign');
      const campaign = await db.campaign.findFirstOrThrow({ where: { sellerId: seller.id } });

      // The ad server reports spend over the limit: the card is charged €120.
      const at = new Date(await env.currentTimeMs()).toISOString();
      const spent = await ingest('POST', '/v1/spend-events', {
        events: [spendEvent('imp-1', seller.id, campaign.id, 120_000_000, at)],
      });
      expect(spent.body).toMatchObject({ accepted: 1 });

      // The admin sees the payment, opens its receipt, downloads it and the history's CSV.
      await adminPage.getByRole('link', { name: 'Payment history', exact: true }).click();
      await heading(adminPage, 'Payment history');
      const paid = await reloadUntil(adminPage, 'tbody tr', 'Succeeded');
      expect(await adminPage.locator('tbody tr').count()).toBe(1);
      expect(paid).toContain('New Shop');
      expect(paid).toContain('€120.00');
      expect(paid).toContain('Visa ending 4242');
      await check(adminPage, 'walk-admin-payments');
      for (const label of ['Status', 'From', 'To (included)']) {
        expect([label, await apartFromLabel(adminPage, label)]).toEqual([label, true]);
      }
      // The receipt opens in the browser's PDF viewer; the history is one step back.
      const [opened] = await Promise.all([
        adminPage.waitForResponse((answer) => answer.request().isNavigationRequest()),
        adminPage.getByRole('link', { name: 'View receipt no. 1', exact: true }).click(),
      ]);
      expect(opened.status()).toBe(200);
      expect(opened.headers()['content-type']).toBe('application/pdf');
      expect(opened.headers()['content-disposition']).toMatch(/^inline; /);
      expect(new URL(adminPage.url()).pathname).toMatch(/\/receipt$/);
      await adminPage.goBack();
      await heading(adminPage, 'Payment history');
      const receipt = await download(adminPage, 'Download receipt no. 1');
      expect(receipt.name).toBe('receipt-000001.pdf');
      const receiptText = await pdfText(receipt.bytes);
      expect(receiptText).toContain('Receipt number 1');
      expect(receiptText).toContain('Amount paid 120.00 EUR');
      expect(receiptText).toContain('Visa ending in 4242');
      expect(receiptText).toContain('New Shop');
      const csv = await download(adminPage, 'Download the history as CSV');
      expect(csv.name).toBe('payments.csv');
      const rows = csv.bytes.toString('utf8').split('\r\n');
      expect(rows[0]).toContain('amount,currency');
      expect(rows.slice(1, -1)).toHaveLength(1);
      expect(rows[1]!.split(',')).toEqual(
        expect.arrayContaining([seller.id, 'succeeded', '120.00', 'EUR', 'visa', '4242', '1']),
      );

      // A card that saves but declines on charge: the next charge fails and billing pauses the
      // campaign; the seller's pages say why.
      await addCard(sellerPage, '4000 0000 0000 0341');
      const cardRow = (name: string) => sellerPage.locator('.rows li', { hasText: name });
      expect(await cardRow('Visa ending 0341').innerText()).toContain('Default');
      expect(await cardRow('Visa ending 4242').innerText()).not.toContain('Default');
      // Each card's buttons say which card they act on (two cards, two of each button).
      for (const name of [
        'Make default: Visa ending 4242',
        'Remove Visa ending 4242',
        'Remove Visa ending 0341',
      ]) {
        expect([name, await sellerPage.getByRole('button', { name, exact: true }).count()]).toEqual(
          [name, 1],
        );
      }
      await check(sellerPage, 'walk-seller-cards-two');
      // The seller turns backup charging off (R13), so the 4242 card does not step in.
      await sellerPage
        .getByRole('button', { name: 'Turn backup charging off', exact: true })
        .click();
      await shown(sellerPage, '[role=status]', 'Backup charging is off.');
      await ingest('POST', '/v1/spend-events', {
        events: [spendEvent('imp-2', seller.id, campaign.id, 150_000_000, at)],
      });
      await sellerPage.getByRole('link', { name: 'Overview', exact: true }).click();
      await heading(sellerPage, 'Manage payments');
      const failing = await reloadUntil(sellerPage, 'main', 'Your last payment failed');
      expect(failing).toContain('Payment failed');
      expect(failing).toContain('Reason: The card was declined.');
      expect(failing).toMatch(/Next attempt: \w+ \d+, \d{4} at/);
      await check(sellerPage, 'walk-seller-failing');
      await sellerPage.getByRole('link', { name: 'Campaigns', exact: true }).click();
      await heading(sellerPage, 'Campaigns');
      await reloadUntil(sellerPage, '.rows li', 'Paused by billing until a payment succeeds');
      await summer.filter({ hasText: 'Paused' }).waitFor();
      await check(sellerPage, 'walk-seller-paused');

      // The seller updates the card from the overview's link: billing retries and resumes.
      await sellerPage.getByRole('link', { name: 'Overview', exact: true }).click();
      await sellerPage.getByRole('link', { name: 'Update your card' }).click();
      await heading(sellerPage, 'Add a card');
      await sellerPage.getByLabel('Test card number').fill('4242 4242 4242 4242');
      await sellerPage.getByRole('button', { name: 'Save card' }).click();
      await shown(sellerPage, '[role=status]', 'Card added and made your default.');
      await sellerPage.getByRole('link', { name: 'Campaigns', exact: true }).click();
      await heading(sellerPage, 'Campaigns');
      await waitFor(async () => {
        await sellerPage.reload();
        const row = plain(await summer.innerText());
        return row.includes('Running') && !row.includes('Paused by billing');
      });
      await check(sellerPage, 'walk-seller-resumed');
      // Billing resumes the campaigns first, then moves the status.
      await sellerPage.getByRole('link', { name: 'Overview', exact: true }).click();
      await heading(sellerPage, 'Manage payments');
      await reloadUntil(sellerPage, 'dl.facts .badge', 'Active');
      expect(plain(await sellerPage.locator('main').innerText())).not.toContain(
        'Your last payment failed',
      );
      await check(sellerPage, 'walk-seller-recovered');

      // The admin gives the seller its own limit and changes the default: both wait for the next
      // cycle, on the admin's pages and on the seller's.
      await adminPage.getByRole('link', { name: 'Sellers', exact: true }).click();
      await heading(adminPage, 'Payments');
      await adminPage.getByRole('link', { name: 'New Shop' }).click();
      await heading(adminPage, 'New Shop');
      expect(plain(await adminPage.locator('#limit-in-force').innerText())).toBe('€100.00');
      await adminPage.getByLabel('This seller’s own credit limit (EUR)').fill('250');
      await adminPage.getByRole('button', { name: 'Save limit' }).click();
      await shown(
        adminPage,
        '[role=status]',
        'Limit saved: it applies from the seller’s next cycle.',
      );
      await waitFor(async () => {
        await adminPage.reload();
        return plain(await adminPage.locator('#limit-pending').innerText()) === '€250.00';
      });
      expect(plain(await adminPage.locator('#limit-in-force').innerText())).toBe('€100.00');
      await check(adminPage, 'walk-admin-seller-pending');
      await sellerPage.reload();
      const pending = plain(await sellerPage.locator('main').innerText());
      expect(pending).toContain('€100.00');
      expect(pending).toContain('From the next cycle: €250.00');
      await check(sellerPage, 'walk-seller-limit-pending');

      await adminPage.getByRole('link', { name: 'Settings', exact: true }).click();
      await heading(adminPage, 'Settings');
      await adminPage.getByLabel('Default credit limit (EUR)').fill('150');
      await adminPage.getByRole('button', { name: 'Save settings' }).click();
      await shown(adminPage, '[role=status]', 'Settings saved.');
      await shown(adminPage, '#limit-when', 'until then the current one stays in force');
      await adminPage.getByRole('link', { name: 'Sellers', exact: true }).click();
      await heading(adminPage, 'Payments');
      const listed = plain(
        await adminPage.locator('tbody tr', { hasText: 'New Shop' }).innerText(),
      );
      expect(listed).toContain('€100.00');
      // Its own limit wins over the new default.
      expect(listed).toContain('next cycle: €250.00');
      await check(adminPage, 'walk-admin-sellers');

      // The cycle ends: the seller's own limit is in force and nothing waits any more.
      const { cycle } = (await pages.stack.billing.state(marketplaceId, seller.id))!;
      await env.sleep(Date.parse(cycle.endsAt) - (await env.currentTimeMs()) + 60_000);
      const nextCycle = await reloadUntil(sellerPage, 'dl.facts', '€0.00 of €250.00');
      expect(nextCycle).not.toContain('From the next cycle');
      const next = (await pages.stack.billing.state(marketplaceId, seller.id))!.cycle;
      expect(Date.parse(next.startsAt)).toBe(Date.parse(cycle.endsAt));
      expect(nextCycle).toContain(plain(formatDateTime(next.endsAt, 'Europe/Paris', 'en-US')));
      await check(sellerPage, 'walk-seller-next-cycle');
    } finally {
      await adminSide.context.close();
      await sellerSide.context.close();
    }
  },
  WALKTHROUGH_CAP_MS,
);
