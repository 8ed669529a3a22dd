// Invitations (R3): the admin invites by e-mail, lists and revokes; the invitee accepts with the
// token. No stored row (and no log line) holds a usable token: the API's token and the one the
// e-mail carries are stored only as hashes, the e-mail's minted when it is sent. Accepting never
// issues a key for a seller that already exists: R3 decides its mode, and the answer has no key.
// Acceptance re-checks the marketplace's settings; a failed request writes nothing.
import { Writable } from 'node:stream';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { EmailDispatcher } from '../../notifications/email-dispatcher';
import { clientFor, keyFor } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { startMailbox, type Mailbox } from '../support/mailbox';
import { waitFor } from '../support/wait-for';

let stack: ApiStack;
let mailbox: Mailbox;
beforeAll(async () => {
  [stack, mailbox] = await Promise.all([startApiStack(), startMailbox()]);
});
afterAll(async () => {
  await mailbox?.stop();
  await stack?.stop();
});

/** Every line the e-mail dispatchers of this file logged. */
const dispatcherLog: string[] = [];

/** One e-mail pass, run by the test so that it decides what is sent when. */
async function sendEmails(): Promise<void> {
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        dispatcherLog.push(chunk.toString());
        done();
      },
    }),
  );
  await new EmailDispatcher({
    db: stack.database.db,
    transport: nodemailer.createTransport(mailbox.smtpUrl),
    from: 'Billing <billing@selfserve.example>',
    logger,
    publicApiUrl: 'https://billing.market.example',
    policy: { baseDelayMs: 1, maxDelayMs: 1 },
  }).pass();
}

/** The tokens in the e-mails received for `address`, oldest first. */
async function mailedTokens(address: string): Promise<string[]> {
  const messages = (await mailbox.messages()).filter((m) => m.to.includes(address));
  return messages.flatMap((m) => m.text.match(/inv_[\w-]+/g) ?? []);
}

/** The tables holding `secret` anywhere in any column of any row. */
async function tablesHolding(secret: string): Promise<string[]> {
  const { db } = stack.database;
  const tables = await db.$queryRaw<Array<{ name: string }>>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
  const holding: string[] = [];
  for (const { name } of tables) {
    const [found] = await db.$queryRawUnsafe<Array<{ n: bigint }>>(
      `SELECT count(*) AS n FROM "${name}" t WHERE strpos(row_to_json(t)::text, $1) > 0`,
      secret,
    );
    if (found && found.n > 0n) holding.push(name);
  }
  return holding;
}

const accept = async (body: unknown) => {
  const response = await fetch(`${stack.api.url}/v1/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

async function marketplaceWithAdmin() {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db);
  const key = await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id });
  const admin = clientFor(stack.api, key);
  const invitations = `/v1/marketplaces/${marketplace.id}/invitations`;
  const invite = async (email: string) => {
    const answer = await admin('POST', invitations, { email });
    expect(answer.status).toBe(201);
    return { id: answer.body.invitation.id as string, token: answer.body.token as string };
  };
  return { marketplace, admin, invitations, invite };
}

const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);

let addresses = 0;
const newAddress = (name: string) => `${name}.${(addresses += 1)}@shop.example`;

test('no row and no log line holds a usable token; the e-mailed token and the answered one both accept', async () => {
  const { db } = stack.database;
  const { marketplace, admin, invite } = await marketplaceWithAdmin();
  const email = newAddress('new');
  const { id, token } = await invite(email.toUpperCase());
  const secretPart = (t: string) => t.slice('inv_'.length);
  expect(await tablesHolding(secretPart(token))).toEqual([]);
  const stored = await db.notification.findFirstOrThrow({
    where: { dedupeKey: `invitation:${id}` },
  });
  expect(stored).toMatchObject({ emailTo: email, recipientRole: 'seller', sellerId: null });

  // The first send fails (SMTP down) and the next one delivers: each send minted its own token.
  await mailbox.interrupt();
  await sendEmails();
  await mailbox.resume();
  await waitFor(async () => {
    await sendEmails();
    return (await mailedTokens(email)).length > 0;
  });
  const [mailed] = await mailedTokens(email);
  expect(mailed).toBeDefined();
  expect(mailed).not.toBe(token);
  const mail = (await mailbox.messages()).find((m) => m.to.includes(email))!;
  expect(mail.subject).toBe('Test Marketplace invites you to pay for your ads by card');
  expect(mail.text).toContain('https://billing.market.example/v1/invitations/accept');
  for (const secret of [token, mailed!]) {
    expect(await tablesHolding(secretPart(secret))).toEqual([]);
    expect(dispatcherLog.filter((line) => line.includes(secretPart(secret)))).toEqual([]);
  }
  expect(dispatcherLog.some((line) => line.includes('will retry'))).toBe(true);

  const accepted = await accept({ token: mailed, sellerName: 'New Shop' });
  expect(accepted).toMatchObject({
    status: 201,
    body: { billingMode: 'self_service', sellerKey: expect.stringMatching(/^sk_seller_/) },
  });
  const seller = clientFor(stack.api, accepted.body.sellerKey as string);
  expect((await seller('GET', `/v1/sellers/${accepted.body.sellerId}/billing`)).status).toBe(200);
  expect(await accept({ token })).toMatchObject({
    status: 409,
    body: { error: { code: 'invitation_already_accepted' } },
  });
  const listed = await admin('GET', `/v1/marketplaces/${marketplace.id}/invitations`);
  expect(listed.body.invitations[0]).toMatchObject({
    id,
    email,
    status: 'accepted',
    sellerId: accepted.body.sellerId,
    decision: 'self_service',
  });
});

type Standing =
  | 'self-service with a campaign'
  | 'managed with a campaign'
  | 'managed with a balance'
  | 'managed with nothing';
const STANDINGS: Array<[Standing, { mode: string; reason: string }]> = [
  ['self-service with a campaign', { mode: 'self_service', reason: 'already self-service' }],
  [
    'managed with a campaign',
    { mode: 'managed', reason: 'existing seller with 1 active campaign' },
  ],
  [
    'managed with a balance',
    { mode: 'managed', reason: 'existing seller with a balance of 1500 minor units' },
  ],
  [
    'managed with nothing',
    { mode: 'self_service', reason: 'new seller: no active campaigns and zero balance' },
  ],
];

async function existingSeller(marketplaceId: string, standing: Standing, email: string) {
  const { db } = stack.database;
  if (standing === 'self-service with a campaign') {
    const { seller } = await createSelfServiceSeller(db, marketplaceId);
    await stack.billing.start(marketplaceId, seller.id);
    await keyFor(db, 'seller', { marketplaceId, sellerId: seller.id });
    return db.seller.update({ where: { id: seller.id }, data: { email } });
  }
  return db.seller.create({
    data: {
      marketplaceId,
      name: 'Old Shop',
      email,
      balanceMinor: standing === 'managed with a balance' ? 1_500n : 0n,
      campaigns:
        standing === 'managed with a campaign'
          ? { create: { marketplaceId, name: 'Running for years' } }
          : undefined,
    },
  });
}

describe.each(['before', 'after'] as const)('a seller that exists %s the invitation', (when) => {
  test.each(STANDINGS)(
    '%s: acceptance records the R3 decision and issues no key',
    async (standing, decision) => {
      const { db } = stack.database;
      const { marketplace, admin, invitations, invite } = await marketplaceWithAdmin();
      const email = newAddress('existing');
      let seller = when === 'before' ? await existingSeller(marketplace.id, standing, email) : null;
      const { id, token } = await invite(email);
      seller ??= await existingSeller(marketplace.id, standing, email);
      const keysBefore = await db.apiKey.count({ where: { sellerId: seller.id } });

      const accepted = await accept({ token, sellerName: 'Someone Else' });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toEqual({
        sellerId: seller.id,
        marketplaceId: marketplace.id,
        billingMode: decision.mode,
        billingModeReason: decision.reason,
        sellerKey: null,
        existingSeller: true,
        message: expect.stringContaining('no new API key'),
      });
      expect(await db.apiKey.count({ where: { sellerId: seller.id } })).toBe(keysBefore);
      expect(await db.seller.count({ where: { marketplaceId: marketplace.id } })).toBe(1);
      expect(await db.seller.findUniqueOrThrow({ where: { id: seller.id } })).toMatchObject({
        name: seller.name,
        billingMode: decision.mode,
      });
      const listed = await admin('GET', invitations);
      expect(listed.body.invitations).toEqual([
        expect.objectContaining({
          id,
          status: 'accepted',
          sellerId: seller.id,
          decision: decision.mode,
          decisionReason: decision.reason,
        }),
      ]);
    },
  );
});

test('a seller created by another request while accepting is an existing seller: no key, no 500', async () => {
  const { db } = stack.database;
  const { marketplace, invite } = await marketplaceWithAdmin();
  const email = newAddress('race');
  const { token } = await invite(email);
  let inserted!: () => void;
  const sellerInserted = new Promise<void>((resolve) => (inserted = resolve));
  let commit!: () => void;
  const committing = new Promise<void>((resolve) => (commit = resolve));
  // Another transaction creates the seller and holds its commit until the acceptance waits on it.
  const other = db.$transaction(
    async (tx) => {
      const created = await tx.seller.create({
        data: { marketplaceId: marketplace.id, name: 'Old Shop', email },
      });
      await tx.campaign.create({
        data: { marketplaceId: marketplace.id, sellerId: created.id, name: 'Running' },
      });
      inserted();
      await committing;
      return created;
    },
    { timeout: 60_000 },
  );
  await sellerInserted;
  const accepting = accept({ token });
  await waitFor(async () => {
    const [waiting] = await db.$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*) AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    return (waiting?.n ?? 0n) > 0n;
  });
  commit();
  const seller = await other;
  expect(await accepting).toMatchObject({
    status: 200,
    body: { sellerId: seller.id, billingMode: 'managed', sellerKey: null },
  });
  expect(await db.apiKey.count({ where: { sellerId: seller.id } })).toBe(0);
});

test('admins list invitations by status, a page at a time, and revoke pending ones', async () => {
  const { db } = stack.database;
  const { admin, invitations, invite } = await marketplaceWithAdmin();
  const accepted = await invite(newAddress('accepted'));
  expect((await accept({ token: accepted.token })).status).toBe(201);
  const expired = await invite(newAddress('expired'));
  await db.invitation.update({
    where: { id: expired.id },
    data: { expiresAt: new Date(Date.now() - 1_000) },
  });
  const revokedAddress = newAddress('revoked');
  const revoked = await invite(revokedAddress);
  const pending = await invite(newAddress('pending'));

  const revoke = (id: string) => admin('POST', `${invitations}/${id}/revoke`);
  expect(await revoke(revoked.id)).toMatchObject({
    status: 200,
    body: { invitation: { id: revoked.id, status: 'revoked', revokedAt: expect.any(String) } },
  });
  expect((await revoke(revoked.id)).body.invitation.status).toBe('revoked');
  expect(await revoke(accepted.id)).toMatchObject({
    status: 409,
    body: { error: { code: 'invitation_already_accepted' } },
  });
  const other = await marketplaceWithAdmin();
  for (const id of [(await other.invite(newAddress('other'))).id, 'not-a-uuid']) {
    expect(await revoke(id)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  }
  expect(await accept({ token: revoked.token })).toMatchObject({
    status: 410,
    body: { error: { code: 'invitation_revoked' } },
  });
  expect(await db.seller.count({ where: { email: revokedAddress } })).toBe(0);
  // Its e-mail, not yet sent, is never sent.
  await sendEmails();
  expect(await mailedTokens(revokedAddress)).toEqual([]);

  const byStatus = { accepted, expired, revoked, pending };
  for (const [status, invitation] of Object.entries(byStatus)) {
    const listed = await admin('GET', `${invitations}?status=${status}`);
    expect(ids(listed.body.invitations)).toEqual([invitation.id]);
    expect(listed.body.invitations[0].status).toBe(status);
  }
  const firstPage = await admin('GET', `${invitations}?limit=3`);
  expect(firstPage.body.invitations).toHaveLength(3);
  const secondPage = await admin(
    'GET',
    `${invitations}?limit=3&cursor=${firstPage.body.nextCursor}`,
  );
  expect(secondPage.body).toMatchObject({ nextCursor: null });
  expect(ids([...firstPage.body.invitations, ...secondPage.body.invitations])).toEqual([
    pending.id,
    revoked.id,
    expired.id,
    accepted.id,
  ]);
  expect(await admin('GET', `${invitations}?status=sent`)).toMatchObject({
    status: 400,
    body: { error: { code: 'invalid_request', field: 'status' } },
  });
});

const SETTINGS_CHANGES: Array<[string, Record<string, unknown>]> = [
  ['self-service switched off', { selfServiceEnabled: false }],
  ['Payments disabled', { paymentsEnabled: false }],
  ['the invitation mode set to managed', { invitationMode: 'managed' }],
];

test.each(SETTINGS_CHANGES)(
  'after %s, acceptance is refused and changes nothing; the invitation stays pending',
  async (_change, data) => {
    const { db } = stack.database;
    const { marketplace, admin, invitations, invite } = await marketplaceWithAdmin();
    const newEmail = newAddress('late');
    const existingEmail = newAddress('late.existing');
    const fresh = await invite(newEmail);
    const existing = await existingSeller(marketplace.id, 'managed with nothing', existingEmail);
    const forExisting = await invite(existingEmail);
    await db.marketplace.update({ where: { id: marketplace.id }, data });

    for (const { token } of [fresh, forExisting]) {
      expect(await accept({ token })).toMatchObject({
        status: 409,
        body: { error: { code: 'self_service_unavailable' } },
      });
    }
    expect(await db.seller.findMany({ where: { marketplaceId: marketplace.id } })).toEqual([
      existing,
    ]);
    expect(
      await db.apiKey.count({ where: { marketplaceId: marketplace.id, role: 'seller' } }),
    ).toBe(0);
    const listed = await admin('GET', `${invitations}?status=pending`);
    expect(listed.body.invitations).toHaveLength(2);
    expect(await admin('POST', invitations, { email: newAddress('refused') })).toMatchObject({
      status: 409,
      body: { error: { code: 'invitations_not_self_service' } },
    });
  },
);

test('an expired or unknown token is refused, and an invalid request writes nothing', async () => {
  const { db } = stack.database;
  const { marketplace, admin, invitations, invite } = await marketplaceWithAdmin();
  const late = await invite(newAddress('late'));
  await db.invitation.update({
    where: { id: late.id },
    data: { expiresAt: new Date(Date.now() - 1_000) },
  });
  expect(await accept({ token: late.token })).toMatchObject({
    status: 410,
    body: { error: { code: 'invitation_expired' } },
  });
  expect((await accept({ token: 'inv_nope' })).status).toBe(404);
  expect(await accept({ token: late.token, role: 'admin' })).toMatchObject({
    status: 400,
    body: { error: { code: 'invalid_request' } },
  });
  const bad = await admin('POST', invitations, { email: 'not-an-address' });
  expect(bad.body.error).toMatchObject({ code: 'invalid_request', field: 'email' });
  expect(await db.invitation.count({ where: { marketplaceId: marketplace.id } })).toBe(1);
  expect(await db.seller.count({ where: { marketplaceId: marketplace.id } })).toBe(0);
});
