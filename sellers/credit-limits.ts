// A seller's credit-limit override (R8): set or removed (the marketplace default applies again).
// A self-service seller gets a billing command in the same transaction, and its workflow holds the
// new limit pending until its next cycle; any other seller gets it when it becomes self-service.
import { recordBillingCommands } from '../billing-commands/record';
import type { CommandDelivery } from '../billing-commands/relay';
import type { Database } from '../db/client';
import type { Marketplace, Seller } from '../generated/prisma';

export interface CreditLimitDependencies {
  db: Database;
  commands: CommandDelivery;
}

export interface CreditLimitChange {
  /** The limit the seller gets: the override, or the marketplace default without one. */
  creditLimitMinor: number;
  appliesFrom: 'next_cycle' | 'when_self_service';
}

export async function setCreditLimitOverride(
  deps: CreditLimitDependencies,
  marketplace: Marketplace,
  seller: Seller,
  overrideMinor: number | null,
): Promise<CreditLimitChange> {
  const commandIds = await deps.db.$transaction(async (tx) => {
    await tx.seller.update({
      where: { id: seller.id },
      data: { creditLimitOverrideMinor: overrideMinor === null ? null : BigInt(overrideMinor) },
    });
    return recordBillingCommands(
      tx,
      { marketplaceId: marketplace.id, sellerIds: [seller.id] },
      'credit_limit_changed',
    );
  });
  await deps.commands.deliverNow(commandIds);
  const creditLimitMinor = overrideMinor ?? Number(marketplace.defaultCreditLimitMinor);
  return {
    creditLimitMinor,
    appliesFrom: commandIds.length > 0 ? 'next_cycle' : 'when_self_service',
  };
}
