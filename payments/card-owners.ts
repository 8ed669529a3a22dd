// A seller as the owner of saved cards (R4), and the cards it keeps: cards are saved only by a
// self-service seller of a marketplace whose connected Stripe account can charge.
import type { Database } from '../db/client';
import { DomainError, notFoundError } from '../domain/errors';
import type { Marketplace, PaymentMethod } from '../generated/prisma';
import { cardOwnerOf, type CardOwner } from './saved-cards';

/** The seller with its marketplace (and the marketplace's Stripe connection). */
export async function sellerWithConnection(db: Database, sellerId: string) {
  const seller = await db.seller.findUnique({
    where: { id: sellerId },
    include: { marketplace: { include: { stripeConnection: true } } },
  });
  if (!seller) throw notFoundError('Seller');
  return seller;
}

/** The seller as a card owner, if it is self-service and its marketplace can charge. */
export async function readyCardOwner(
  db: Database,
  sellerId: string,
): Promise<{ owner: CardOwner; marketplace: Marketplace }> {
  const seller = await sellerWithConnection(db, sellerId);
  if (seller.billingMode !== 'self_service') {
    throw new DomainError(
      409,
      'not_self_service',
      'This seller is billed by the marketplace and saves no card here.',
    );
  }
  const owner = cardOwnerOf(seller);
  if (!owner || !seller.marketplace.stripeConnection?.chargesEnabled) {
    throw new DomainError(
      409,
      'stripe_not_ready',
      'The marketplace cannot take card payments yet: its Stripe account is not connected or cannot charge.',
    );
  }
  return { owner, marketplace: seller.marketplace };
}

export function savedCardsOf(db: Database, sellerId: string): Promise<PaymentMethod[]> {
  return db.paymentMethod.findMany({
    where: { sellerId, removedAt: null },
    orderBy: { createdAt: 'asc' },
  });
}

export async function savedCardOf(
  db: Database,
  owner: CardOwner,
  paymentMethodId: string,
): Promise<PaymentMethod> {
  const card = await db.paymentMethod.findFirst({
    where: { id: paymentMethodId, sellerId: owner.sellerId, removedAt: null },
  });
  if (!card) throw notFoundError('Payment method');
  return card;
}
