// Inviting a seller (R3): an invitation bound to one e-mail in one marketplace, its e-mail queued
// for the notification dispatcher and a token for the admin, all in one transaction. Only a
// marketplace that offers self-service invites.
import type { Database } from '../db/client';
import { DomainError } from '../domain/errors';
import type { Invitation, Marketplace } from '../generated/prisma';
import { DAY_MS } from '../rules';
import { offersSelfService } from './availability';
import { invitationEmail } from './invitation-email';
import { mintInvitationToken } from './tokens';

export async function inviteSeller(
  db: Database,
  marketplace: Marketplace,
  request: { email: string; expiresInDays: number },
): Promise<{ invitation: Invitation; token: string }> {
  if (!offersSelfService(marketplace)) {
    throw new DomainError(
      409,
      'invitations_not_self_service',
      'Switch self-service on and set the invitation mode to "self_service" before inviting sellers.',
    );
  }
  const expiresAt = new Date(Date.now() + request.expiresInDays * DAY_MS);
  return db.$transaction(async (tx) => {
    const invitation = await tx.invitation.create({
      data: {
        marketplaceId: marketplace.id,
        email: request.email,
        mode: marketplace.invitationMode,
        expiresAt,
      },
    });
    await tx.notification.create({
      data: {
        marketplaceId: marketplace.id,
        recipientRole: 'seller',
        kind: 'invitation',
        ...invitationEmail(marketplace.name, expiresAt),
        params: { marketplaceName: marketplace.name, expiresAt: expiresAt.toISOString() },
        dedupeKey: `invitation:${invitation.id}`,
        emailTo: request.email,
        invitationId: invitation.id,
      },
    });
    return { invitation, token: await mintInvitationToken(tx, invitation.id) };
  });
}
