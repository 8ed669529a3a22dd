// Revoking an invitation: its tokens stop working and its e-mail, if unsent, is not sent. An
// invitation already accepted cannot be revoked.
import type { Database } from '../db/client';
import { DomainError, notFoundError } from '../domain/errors';
import type { Invitation } from '../generated/prisma';

export async function revokeInvitation(
  db: Database,
  marketplaceId: string,
  invitationId: string,
): Promise<Invitation> {
  const invitation = await db.invitation.findFirst({ where: { id: invitationId, marketplaceId } });
  if (!invitation) throw notFoundError('Invitation');
  await db.invitation.updateMany({
    where: { id: invitation.id, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const revoked = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
  if (revoked.acceptedAt) {
    throw new DomainError(
      409,
      'invitation_already_accepted',
      'This invitation was already accepted; it can no longer be revoked.',
    );
  }
  return revoked;
}
