// R1: self-service cannot be switched on until the platform has enabled Payments for the
// marketplace and its connected Stripe account can charge. Changing the settings checks this
// before it sets selfServiceEnabled.
import type { Database } from '../db/client';
import { DomainError, notFoundError } from '../domain/errors';

export async function assertCanEnableSelfService(
  db: Database,
  marketplaceId: string,
): Promise<void> {
  const marketplace = await db.marketplace.findUnique({
    where: { id: marketplaceId },
    include: { stripeConnection: true },
  });
  if (!marketplace) throw notFoundError('Marketplace');
  if (!marketplace.paymentsEnabled) {
    throw new DomainError(
      409,
      'payments_not_enabled',
      'Payments are not enabled for this marketplace; the platform enables them first.',
    );
  }
  if (!marketplace.stripeConnection) {
    throw new DomainError(
      409,
      'stripe_not_connected',
      'Connect a Stripe account (Payments → Connect Stripe) before switching self-service on.',
    );
  }
  if (!marketplace.stripeConnection.chargesEnabled) {
    throw new DomainError(
      409,
      'stripe_cannot_charge',
      'The connected Stripe account cannot take payments yet: finish Stripe onboarding, then refresh.',
    );
  }
}
