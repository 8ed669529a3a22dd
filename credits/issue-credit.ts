// An admin's credit against a self-service seller's unbilled spend (R14): written with its
// `credit_issued` billing command in one transaction, so the seller's workflow learns of it
// exactly once through the outbox, and delivered at once when it can be.
//
// A credit never drives unbilled spend below zero. Asking for more than the whole minor units
// unbilled now (less the credits still on their way) is refused with 409 on `amountMinor`; a
// credit that loses a race to a charge or another credit is capped by the workflow when it
// arrives (credits/apply-credit.ts records what it took off).
import { recordBillingCommands } from '../billing-commands/record';
import type { CommandDelivery } from '../billing-commands/relay';
import type { Database } from '../db/client';
import { DomainError } from '../domain/errors';
import type { Credit } from '../generated/prisma';
import { formatMinor, microsPerMinorUnit } from '../rules';
import type { SellerBillingClient } from '../temporal/seller-billing-client';
import type { SellerWithMarketplace } from '../temporal/billing-input';

export interface CreditDependencies {
  db: Database;
  billing: Pick<SellerBillingClient, 'state'>;
  commands: CommandDelivery;
}

export interface CreditInput {
  amountMinor: number;
  reason: string;
}

export async function issueCredit(
  deps: CreditDependencies,
  seller: SellerWithMarketplace,
  input: CreditInput,
): Promise<Credit> {
  const { db } = deps;
  const currency = seller.marketplace.currency;
  const state =
    seller.billingMode === 'self_service'
      ? await deps.billing.state(seller.marketplaceId, seller.id)
      : null;
  if (!state) throw notSelfService();
  const inFlight = await db.credit.aggregate({
    where: { sellerId: seller.id, status: 'pending' },
    _sum: { requestedMinor: true },
  });
  const creditableMinor =
    Math.floor(Math.max(state.unbilledMicros, 0) / microsPerMinorUnit(currency)) -
    Number(inFlight._sum.requestedMinor ?? 0n);
  if (input.amountMinor > creditableMinor) {
    throw new DomainError(
      409,
      'credit_exceeds_unbilled',
      `A credit cannot exceed the unbilled spend: at most ${formatMinor(Math.max(creditableMinor, 0), currency)} can be credited now. Refund a past payment for more.`,
      'amountMinor',
    );
  }
  const { credit, commandIds } = await db.$transaction(async (tx) => {
    const target = { marketplaceId: seller.marketplaceId, sellerIds: [seller.id] };
    const written = await recordBillingCommands(tx, target, 'credit_issued');
    const [commandId] = written;
    if (!commandId) throw notSelfService();
    const created = await tx.credit.create({
      data: {
        marketplaceId: seller.marketplaceId,
        sellerId: seller.id,
        billingCommandId: commandId,
        requestedMinor: BigInt(input.amountMinor),
        currency,
        reason: input.reason,
      },
    });
    return { credit: created, commandIds: written };
  });
  await deps.commands.deliverNow(commandIds);
  return credit;
}

const notSelfService = () =>
  new DomainError(
    409,
    'seller_not_self_service',
    'Only a self-service seller has unbilled spend to credit; a managed seller is billed outside this system.',
  );
