// A self-service seller's saved cards (R4): the Customer on the marketplace's connected account,
// the SetupIntent that saves a card for off-session use, and the cards we keep (brand, last 4,
// expiry — never a card number). A change of default card tells the seller's workflow, which
// retries a failed payment at once (R7).
import { randomUUID } from 'node:crypto';
import { recordBillingCommands } from '../billing-commands/record';
import type { CommandDelivery } from '../billing-commands/relay';
import type { Database } from '../db/client';
import { DomainError } from '../domain/errors';
import type { PaymentMethod, Seller, StripeConnection } from '../generated/prisma';
import type { Logger } from '../observability/logger';
import type { BillingCommandKind } from '../workflows/messages';
import type { CardDetails, PaymentGateway, SetupIntentView } from './gateway';

export interface CardDependencies {
  db: Database;
  gateway: PaymentGateway;
  commands: CommandDelivery;
  logger: Logger;
}

/** The seller and the connected account its cards live on. */
export interface CardOwner {
  sellerId: string;
  marketplaceId: string;
  connectedAccountId: string;
  name: string;
  email: string;
  gatewayCustomerId: string | null;
}

/** The card owner for a seller loaded with its marketplace's Stripe connection. */
export function cardOwnerOf(
  seller: Seller & { marketplace: { stripeConnection: StripeConnection | null } },
): CardOwner | null {
  const connection = seller.marketplace.stripeConnection;
  if (!connection) return null;
  return {
    sellerId: seller.id,
    marketplaceId: seller.marketplaceId,
    connectedAccountId: connection.accountId,
    name: seller.name,
    email: seller.email,
    gatewayCustomerId: seller.gatewayCustomerId,
  };
}

/** The seller's Customer on the connected account, created on first use. */
async function ensureCustomer(deps: CardDependencies, owner: CardOwner): Promise<string> {
  if (owner.gatewayCustomerId) return owner.gatewayCustomerId;
  const { customerId } = await deps.gateway.createCustomer({
    connectedAccountId: owner.connectedAccountId,
    idempotencyKey: `customer:${owner.sellerId}`,
    name: owner.name,
    email: owner.email,
    metadata: { marketplace_id: owner.marketplaceId, seller_id: owner.sellerId },
  });
  await deps.db.seller.update({
    where: { id: owner.sellerId },
    data: { gatewayCustomerId: customerId },
  });
  return customerId;
}

export async function startCardSetup(
  deps: CardDependencies,
  owner: CardOwner,
): Promise<SetupIntentView> {
  const customerId = await ensureCustomer(deps, owner);
  return deps.gateway.createSetupIntent({
    connectedAccountId: owner.connectedAccountId,
    idempotencyKey: `setup-intent:${owner.sellerId}:${randomUUID()}`,
    customerId,
    metadata: { marketplace_id: owner.marketplaceId, seller_id: owner.sellerId },
  });
}

/**
 * The SetupIntent if it is one of the seller's (made for its Customer), else null: another
 * seller's id, or one the account does not have. Checked before anything acts on it.
 */
export async function sellersSetupIntent(
  deps: Pick<CardDependencies, 'gateway'>,
  owner: CardOwner,
  setupIntentId: string,
): Promise<SetupIntentView | null> {
  if (!owner.gatewayCustomerId) return null;
  const setupIntent = await deps.gateway.retrieveSetupIntent({
    connectedAccountId: owner.connectedAccountId,
    setupIntentId,
  });
  return setupIntent?.customerId === owner.gatewayCustomerId ? setupIntent : null;
}

/**
 * Saves the card of a succeeded SetupIntent as the seller's default (from the seller's confirm
 * call or the setup_intent.succeeded webhook, whichever comes first; the second is a no-op
 * apart from re-asserting the default).
 */
export async function saveConfirmedCard(
  deps: CardDependencies,
  owner: CardOwner,
  setupIntent: SetupIntentView,
): Promise<PaymentMethod> {
  if (setupIntent.status !== 'succeeded' || !setupIntent.paymentMethodId) {
    throw new CardSetupIncompleteError(setupIntent.status);
  }
  const customerId = await ensureCustomer(deps, owner);
  const onAccount = { connectedAccountId: owner.connectedAccountId };
  let card = await deps.gateway.retrievePaymentMethod({
    ...onAccount,
    paymentMethodId: setupIntent.paymentMethodId,
  });
  if (card.customerId !== customerId) {
    card = await deps.gateway.attachPaymentMethod({
      ...onAccount,
      idempotencyKey: `attach:${owner.sellerId}:${card.paymentMethodId}`,
      paymentMethodId: card.paymentMethodId,
      customerId,
    });
  }
  const saved = await deps.db.$transaction(async (tx) => {
    await tx.paymentMethod.updateMany({
      where: { sellerId: owner.sellerId, isDefault: true },
      data: { isDefault: false },
    });
    const fields = cardFields(card);
    return tx.paymentMethod.upsert({
      where: {
        sellerId_gatewayPaymentMethodId: {
          sellerId: owner.sellerId,
          gatewayPaymentMethodId: card.paymentMethodId,
        },
      },
      create: {
        sellerId: owner.sellerId,
        gatewayPaymentMethodId: card.paymentMethodId,
        ...fields,
        isDefault: true,
      },
      update: { ...fields, isDefault: true, removedAt: null },
    });
  });
  await defaultChanged(deps, owner, customerId, saved);
  return saved;
}

export async function makeDefaultCard(
  deps: CardDependencies,
  owner: CardOwner,
  card: PaymentMethod,
): Promise<PaymentMethod> {
  const customerId = await ensureCustomer(deps, owner);
  const updated = await deps.db.$transaction(async (tx) => {
    await tx.paymentMethod.updateMany({
      where: { sellerId: owner.sellerId, isDefault: true },
      data: { isDefault: false },
    });
    return tx.paymentMethod.update({ where: { id: card.id }, data: { isDefault: true } });
  });
  await defaultChanged(deps, owner, customerId, updated);
  return updated;
}

/** Detaches the card; when it was the default, the most recently added other card takes over. */
export async function removeCard(
  deps: CardDependencies,
  owner: CardOwner,
  card: PaymentMethod,
): Promise<PaymentMethod | null> {
  await deps.gateway.detachPaymentMethod({
    connectedAccountId: owner.connectedAccountId,
    idempotencyKey: `detach:${owner.sellerId}:${card.gatewayPaymentMethodId}`,
    paymentMethodId: card.gatewayPaymentMethodId,
  });
  const successor = await forgetCard(deps.db, card);
  return successor ? makeDefaultCard(deps, owner, successor) : null;
}

/**
 * Marks a card removed (also when Stripe reports it detached) and returns the card that should
 * become the default in its place, if it was the default and another card is on file.
 */
export async function forgetCard(db: Database, card: PaymentMethod): Promise<PaymentMethod | null> {
  await db.paymentMethod.update({
    where: { id: card.id },
    data: { removedAt: new Date(), isDefault: false },
  });
  if (!card.isDefault) return null;
  return db.paymentMethod.findFirst({
    where: { sellerId: card.sellerId, removedAt: null },
    orderBy: { createdAt: 'desc' },
  });
}

export function cardFields(card: CardDetails) {
  return { brand: card.brand, last4: card.last4, expMonth: card.expMonth, expYear: card.expYear };
}

async function defaultChanged(
  deps: CardDependencies,
  owner: CardOwner,
  customerId: string,
  card: PaymentMethod,
): Promise<void> {
  await deps.gateway.setDefaultPaymentMethod({
    connectedAccountId: owner.connectedAccountId,
    // A new key per change: switching back to an earlier default is a new request.
    idempotencyKey: `default:${owner.sellerId}:${randomUUID()}`,
    customerId,
    paymentMethodId: card.gatewayPaymentMethodId,
  });
  await tellBillingWorkflow(deps, owner, 'payment_method_updated');
  deps.logger.info(
    { gateway: deps.gateway.name, sellerId: owner.sellerId, paymentMethodId: card.id },
    'default card changed',
  );
}

/**
 * Writes the billing command that has a failing seller's workflow retry its payment at once (R7),
 * and delivers it. Written once the gateway holds the change, so the retry charges the new card.
 */
export async function tellBillingWorkflow(
  deps: Pick<CardDependencies, 'db' | 'commands'>,
  seller: { marketplaceId: string; sellerId: string },
  kind: Extract<BillingCommandKind, 'payment_method_updated' | 'payment_authenticated'>,
): Promise<void> {
  const target = { marketplaceId: seller.marketplaceId, sellerIds: [seller.sellerId] };
  const commandIds = await deps.db.$transaction((tx) => recordBillingCommands(tx, target, kind));
  await deps.commands.deliverNow(commandIds);
}

export class CardSetupIncompleteError extends DomainError {
  constructor(readonly setupIntentStatus: string) {
    super(
      409,
      'setup_incomplete',
      `The card set-up has not succeeded (it is ${setupIntentStatus}). Confirm the card, then try again.`,
    );
  }
}
