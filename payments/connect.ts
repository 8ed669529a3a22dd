// Stripe Connect for a marketplace (R1): its connected account, the onboarding link its admin
// follows, and whether the account can charge yet (from account.updated or a refresh call).
import type { Database } from '../db/client';
import { DomainError, notFoundError } from '../domain/errors';
import type { Marketplace, StripeConnection } from '../generated/prisma';
import type { ConnectedAccount, PaymentGateway } from './gateway';

export interface ConnectSettings {
  returnUrl: string;
  refreshUrl: string;
}

type MarketplaceWithConnection = Marketplace & { stripeConnection: StripeConnection | null };

/** The marketplace with its Stripe connection, if any. */
export async function marketplaceWithConnection(
  db: Database,
  marketplaceId: string,
): Promise<MarketplaceWithConnection> {
  const marketplace = await db.marketplace.findUnique({
    where: { id: marketplaceId },
    include: { stripeConnection: true },
  });
  if (!marketplace) throw notFoundError('Marketplace');
  return marketplace;
}

/** R1: nothing about payments happens before the platform enables them for the marketplace. */
export function assertPaymentsEnabled(marketplace: Marketplace): void {
  if (!marketplace.paymentsEnabled) {
    throw new DomainError(
      409,
      'payments_not_enabled',
      'Payments are not enabled for this marketplace; the platform enables them first.',
    );
  }
}

/**
 * Creates the marketplace's connected account once, then a fresh onboarding link for it. Only
 * once the platform has enabled Payments for the marketplace.
 */
export async function startOnboarding(
  deps: { db: Database; gateway: PaymentGateway; connect: ConnectSettings },
  marketplace: Marketplace,
): Promise<{ connection: StripeConnection; onboardingUrl: string; expiresAt: Date }> {
  assertPaymentsEnabled(marketplace);
  const marketplaceId = marketplace.id;
  let connection = await deps.db.stripeConnection.findUnique({ where: { marketplaceId } });
  if (!connection) {
    const account = await deps.gateway.createConnectedAccount({
      idempotencyKey: `connect-account:${marketplaceId}`,
      email: null,
      metadata: { marketplace_id: marketplaceId },
    });
    connection = await deps.db.stripeConnection.create({
      data: { marketplaceId, ...accountFields(account) },
    });
  }
  const link = await deps.gateway.createAccountLink({
    accountId: connection.accountId,
    returnUrl: deps.connect.returnUrl,
    refreshUrl: deps.connect.refreshUrl,
  });
  return { connection, onboardingUrl: link.url, expiresAt: link.expiresAt };
}

/** Reads the account from the gateway and stores whether it can charge. */
export async function refreshConnection(
  deps: { db: Database; gateway: PaymentGateway },
  marketplace: MarketplaceWithConnection,
): Promise<StripeConnection> {
  const connection = marketplace.stripeConnection;
  if (!connection) {
    throw new DomainError(409, 'stripe_not_connected', 'Start Stripe onboarding first.');
  }
  const account = await deps.gateway.retrieveAccount(connection.accountId);
  return deps.db.stripeConnection.update({
    where: { marketplaceId: connection.marketplaceId },
    data: accountFields(account),
  });
}

/** Stores an account's state as an account.updated event reports it; unknown accounts are ignored. */
export async function applyAccountUpdate(db: Database, account: ConnectedAccount): Promise<void> {
  await db.stripeConnection.updateMany({
    where: { accountId: account.accountId },
    data: { chargesEnabled: account.chargesEnabled, detailsSubmitted: account.detailsSubmitted },
  });
}

function accountFields(account: ConnectedAccount) {
  return {
    accountId: account.accountId,
    chargesEnabled: account.chargesEnabled,
    detailsSubmitted: account.detailsSubmitted,
  };
}
