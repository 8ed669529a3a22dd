// An invitation's status, from its dates: pending until it is accepted, revoked or expires.
import type { Prisma } from '../generated/prisma';

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

interface InvitationDates {
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

export function invitationStatus(invitation: InvitationDates, now: Date): InvitationStatus {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  return invitation.expiresAt <= now ? 'expired' : 'pending';
}

/** The where-clause of the invitations with that status now. */
export function withStatus(status: InvitationStatus, now: Date): Prisma.InvitationWhereInput {
  const open = { acceptedAt: null, revokedAt: null };
  switch (status) {
    case 'accepted':
      return { acceptedAt: { not: null } };
    case 'revoked':
      return { acceptedAt: null, revokedAt: { not: null } };
    case 'expired':
      return { ...open, expiresAt: { lte: now } };
    case 'pending':
      return { ...open, expiresAt: { gt: now } };
  }
}
