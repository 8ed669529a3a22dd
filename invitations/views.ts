// An invitation as the marketplace's admins see it: its status at `now`, the decision and reason
// once accepted, instants as ISO 8601 strings.
import type { Invitation } from '../generated/prisma';
import { invitationStatus } from './status';

export function invitationView(invitation: Invitation, now = new Date()) {
  return {
    id: invitation.id,
    email: invitation.email,
    mode: invitation.mode,
    status: invitationStatus(invitation, now),
    expiresAt: invitation.expiresAt.toISOString(),
    acceptedAt: invitation.acceptedAt?.toISOString() ?? null,
    revokedAt: invitation.revokedAt?.toISOString() ?? null,
    sellerId: invitation.sellerId,
    decision: invitation.decision,
    decisionReason: invitation.decisionReason,
  };
}
