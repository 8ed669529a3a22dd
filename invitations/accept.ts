// Accepting an invitation (R3). The token finds the invitation, bound at creation to one e-mail in
// one marketplace. A seller with that e-mail that already exists is never handed a key: whoever
// holds the token may not be that seller. R3 still decides its mode (self-service only if it
// already is, or is new: no active campaigns and zero balance) and the decision is recorded for
// the admin; its access stays what it was. Without such a seller, a new one is made self-service
// and gets its key. Nothing is accepted while the marketplace no longer offers self-service. One
// transaction: nothing is written unless all of it is, and a seller that is self-service after it
// gets the billing command that starts its workflow in that same transaction.
import { issueApiKey } from '../access/api-keys';
import { recordBillingCommands } from '../billing-commands/record';
import type { CommandDelivery } from '../billing-commands/relay';
import type { Database } from '../db/client';
import { DomainError } from '../domain/errors';
import { Prisma } from '../generated/prisma';
import { decideBillingMode, type BillingMode, type BillingModeDecision } from '../rules';
import { offersSelfService } from './availability';
import { hashInvitationToken } from './tokens';

type Transaction = Prisma.TransactionClient;

export class InvitationError extends DomainError {
  constructor(status: 404 | 409 | 410, code: string, message: string) {
    super(status, code, message);
  }
}

export interface Acceptance extends BillingModeDecision {
  marketplaceId: string;
  sellerId: string;
  /** A new seller's API key, shown once; null when the seller already existed. */
  sellerKey: string | null;
}

export async function acceptInvitation(
  deps: { db: Database; commands: CommandDelivery },
  input: { token: string; sellerName?: string },
  now = new Date(),
): Promise<Acceptance> {
  const { acceptance, commandIds } = await acceptOnceOrAsExisting(deps.db, input, now);
  await deps.commands.deliverNow(commandIds);
  return acceptance;
}

interface Accepted {
  acceptance: Acceptance;
  /** The start command of a seller that is self-service after accepting. */
  commandIds: string[];
}

async function acceptOnceOrAsExisting(
  db: Database,
  input: { token: string; sellerName?: string },
  now: Date,
): Promise<Accepted> {
  try {
    return await acceptOnce(db, input, now);
  } catch (error) {
    // Another request created a seller with this e-mail meanwhile: it is now an existing seller.
    if (isSellerUniqueViolation(error)) return acceptOnce(db, input, now);
    throw error;
  }
}

function acceptOnce(
  db: Database,
  input: { token: string; sellerName?: string },
  now: Date,
): Promise<Accepted> {
  return db.$transaction(async (tx) => {
    const acceptance = await acceptIn(tx, input, now);
    const commandIds =
      acceptance.mode === 'self_service'
        ? await recordBillingCommands(
            tx,
            { marketplaceId: acceptance.marketplaceId, sellerIds: [acceptance.sellerId] },
            'start',
          )
        : [];
    return { acceptance, commandIds };
  });
}

async function acceptIn(
  tx: Transaction,
  input: { token: string; sellerName?: string },
  now: Date,
): Promise<Acceptance> {
  const invitation = await pendingInvitation(tx, input.token, now);
  const { marketplaceId, email } = invitation;
  const existing = await tx.seller.findUnique({
    where: { marketplaceId_email: { marketplaceId, email } },
  });
  if (existing) {
    const decision = decideBillingMode({
      currentMode: existing.billingMode as BillingMode,
      activeCampaigns: await tx.campaign.count({
        where: { sellerId: existing.id, status: 'active' },
      }),
      balanceMinor: existing.balanceMinor,
    });
    await tx.seller.update({
      where: { id: existing.id },
      data: { billingMode: decision.mode, billingModeReason: decision.reason },
    });
    await markAccepted(tx, invitation.id, existing.id, decision, now);
    return { ...decision, marketplaceId, sellerId: existing.id, sellerKey: null };
  }
  const decision = decideBillingMode({ currentMode: null, activeCampaigns: 0, balanceMinor: 0n });
  const seller = await tx.seller.create({
    data: {
      marketplaceId,
      email,
      name: input.sellerName ?? email,
      billingMode: decision.mode,
      billingModeReason: decision.reason,
    },
  });
  await markAccepted(tx, invitation.id, seller.id, decision, now);
  const sellerKey = await issueApiKey(tx, {
    role: 'seller',
    marketplaceId,
    sellerId: seller.id,
    label: 'invitation',
  });
  return { ...decision, marketplaceId, sellerId: seller.id, sellerKey };
}

/** The token's invitation, if it can still be accepted now. */
async function pendingInvitation(tx: Transaction, token: string, now: Date) {
  const found = await tx.invitationToken.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { invitation: { include: { marketplace: true } } },
  });
  if (!found) {
    throw new InvitationError(404, 'invitation_not_found', 'No invitation has this token.');
  }
  const { invitation } = found;
  if (invitation.acceptedAt) {
    throw new InvitationError(
      409,
      'invitation_already_accepted',
      'This invitation was already accepted.',
    );
  }
  if (invitation.revokedAt) {
    throw new InvitationError(
      410,
      'invitation_revoked',
      'The marketplace withdrew this invitation; ask it for a new one.',
    );
  }
  if (invitation.expiresAt <= now) {
    throw new InvitationError(
      410,
      'invitation_expired',
      'This invitation has expired; ask the marketplace for a new one.',
    );
  }
  if (!offersSelfService(invitation.marketplace)) {
    throw new InvitationError(
      409,
      'self_service_unavailable',
      'The marketplace does not offer self-service billing at the moment; the invitation stays open until it expires or is withdrawn.',
    );
  }
  return invitation;
}

async function markAccepted(
  tx: Transaction,
  invitationId: string,
  sellerId: string,
  decision: BillingModeDecision,
  now: Date,
): Promise<void> {
  const accepted = await tx.invitation.updateMany({
    where: { id: invitationId, acceptedAt: null, revokedAt: null },
    data: {
      acceptedAt: now,
      sellerId,
      decision: decision.mode,
      decisionReason: decision.reason,
      decisionReasonCode: decision.reasonCode,
      decisionActiveCampaigns: decision.activeCampaigns,
      decisionBalanceMinor: decision.balanceMinor,
    },
  });
  if (accepted.count !== 1) {
    throw new InvitationError(
      409,
      'invitation_not_pending',
      'This invitation was accepted or withdrawn meanwhile.',
    );
  }
}

function isSellerUniqueViolation(error: unknown): boolean {
  return (
    error instanceof Prisma.PrismaClientKnownRequestError &&
    error.code === 'P2002' &&
    error.meta?.modelName === 'Seller'
  );
}
