// Accepting an invitation (R3): the invite's e-mail finds the marketplace's existing seller or
// creates a new one; the seller becomes self-service only if it is new (rules/eligibility), and
// the decision and its reason are stored on the seller and the invitation. One transaction:
// nothing is written unless all of it is, including the seller's API key.
import { issueApiKey } from '../api/api-keys';
import type { Database } from '../db/client';
import { decideBillingMode, type BillingMode, type BillingModeDecision } from '../rules';
import { hashInvitationToken } from './tokens';

export class InvitationError extends Error {
  constructor(
    readonly status: 404 | 409 | 410,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Acceptance extends BillingModeDecision {
  marketplaceId: string;
  sellerId: string;
  /** The seller's API key, shown once. */
  sellerKey: string;
}

export async function acceptInvitation(
  db: Database,
  input: { token: string; sellerName?: string },
  now = new Date(),
): Promise<Acceptance> {
  return db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({
      where: { tokenHash: hashInvitationToken(input.token) },
    });
    if (!invitation) {
      throw new InvitationError(404, 'invitation_not_found', 'No invitation has this token.');
    }
    if (invitation.acceptedAt) {
      throw new InvitationError(
        409,
        'invitation_already_accepted',
        'This invitation was already accepted.',
      );
    }
    if (invitation.expiresAt <= now) {
      throw new InvitationError(
        410,
        'invitation_expired',
        'This invitation has expired; ask the marketplace for a new one.',
      );
    }
    const { marketplaceId, email } = invitation;
    const existing = await tx.seller.findUnique({
      where: { marketplaceId_email: { marketplaceId, email } },
    });
    const activeCampaigns = existing
      ? await tx.campaign.count({ where: { sellerId: existing.id, status: 'active' } })
      : 0;
    const decision = decideBillingMode({
      currentMode: existing ? (existing.billingMode as BillingMode) : null,
      activeCampaigns,
      balanceMinor: existing?.balanceMinor ?? 0n,
    });
    const billing = { billingMode: decision.mode, billingModeReason: decision.reason };
    const seller = existing
      ? await tx.seller.update({ where: { id: existing.id }, data: billing })
      : await tx.seller.create({
          data: { marketplaceId, email, name: input.sellerName ?? email, ...billing },
        });
    const accepted = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null },
      data: {
        acceptedAt: now,
        sellerId: seller.id,
        decision: decision.mode,
        decisionReason: decision.reason,
      },
    });
    if (accepted.count !== 1) {
      throw new InvitationError(
        409,
        'invitation_already_accepted',
        'This invitation was already accepted.',
      );
    }
    const sellerKey = await issueApiKey(tx, {
      role: 'seller',
      marketplaceId,
      sellerId: seller.id,
      label: 'invitation',
    });
    return { ...decision, marketplaceId, sellerId: seller.id, sellerKey };
  });
}
