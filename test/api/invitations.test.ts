// Invitations (R3): only the token's hash is stored and the invitation is e-mailed through a
// notification; a token works once and not after its expiry; an existing seller with a balance
// stays managed, with the reason shown to the admin; a failed request writes nothing.
import { hashInvitationToken } from '../../invitations/tokens';
import { clientFor, keyFor, useDatabaseAndApi } from '../support/api';
import { createMarketplace } from '../support/fixtures';

const context = useDatabaseAndApi();

const accept = async (body: unknown) => {
  const response = await fetch(`${context.api.url}/v1/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

test('an invitation stores the token hash and an e-mail notification; the token works once', async () => {
  const { db } = context.database;
  const marketplace = await createMarketplace(db);
  const admin = clientFor(
    context.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  await db.seller.create({
    data: {
      marketplaceId: marketplace.id,
      name: 'Owes',
      email: 'owes@shop.example',
      balanceMinor: 1_500n,
    },
  });
  const invite = await admin('POST', `/v1/marketplaces/${marketplace.id}/invitations`, {
    email: 'Owes@Shop.example',
    expiresInDays: 3,
  });
  expect(invite.status).toBe(201);
  const token = invite.body.token as string;
  const stored = await db.invitation.findUniqueOrThrow({
    where: { id: invite.body.invitation.id },
  });
  expect(stored.tokenHash).toBe(hashInvitationToken(token));
  expect(JSON.stringify(stored)).not.toContain(token);
  const mail = await db.notification.findFirstOrThrow({
    where: { kind: 'invitation', marketplaceId: marketplace.id },
  });
  expect(mail).toMatchObject({
    emailTo: 'owes@shop.example',
    recipientRole: 'seller',
    sellerId: null,
  });
  expect(mail.body).toContain(token);

  expect((await accept({ token })).body).toMatchObject({
    billingMode: 'managed',
    billingModeReason: 'existing seller with a balance of 1500 minor units',
  });
  expect(await accept({ token })).toMatchObject({
    status: 409,
    body: { error: { code: 'invitation_already_accepted' } },
  });
  const listed = await admin('GET', `/v1/marketplaces/${marketplace.id}/invitations`);
  expect(listed.body.invitations[0]).toMatchObject({
    email: 'owes@shop.example',
    decision: 'managed',
    decisionReason: 'existing seller with a balance of 1500 minor units',
  });
});

test('an expired or unknown token is refused, and an invalid request writes nothing', async () => {
  const { db } = context.database;
  const marketplace = await createMarketplace(db);
  const admin = clientFor(
    context.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  const invite = await admin('POST', `/v1/marketplaces/${marketplace.id}/invitations`, {
    email: 'late@shop.example',
  });
  await db.invitation.update({
    where: { id: invite.body.invitation.id },
    data: { expiresAt: new Date(Date.now() - 1_000) },
  });
  expect(await accept({ token: invite.body.token })).toMatchObject({
    status: 410,
    body: { error: { code: 'invitation_expired' } },
  });
  expect((await accept({ token: 'inv_nope' })).status).toBe(404);
  expect(await accept({ token: invite.body.token, role: 'admin' })).toMatchObject({
    status: 400,
    body: { error: { code: 'invalid_request' } },
  });
  const bad = await admin('POST', `/v1/marketplaces/${marketplace.id}/invitations`, {
    email: 'not-an-address',
  });
  expect(bad.body.error).toMatchObject({ code: 'invalid_request', field: 'email' });
  expect(await db.invitation.count({ where: { marketplaceId: marketplace.id } })).toBe(1);
  expect(await db.seller.count({ where: { marketplaceId: marketplace.id } })).toBe(0);
});
