// R1: self-service cannot be switched on until the platform has enabled Payments for the
// marketplace and its connected Stripe account can charge. Changing the settings checks this
// before it sets selfServiceEnabled.
import type { Database } from '../db/client';
import { DomainError } from '../domain/errors';
import { assertPaymentsEnabled, marketplaceWithConnection } from '../payments/connect';

export async function assertCanEnableSelfService(
  db: Database,
  marketplaceId: string,
): Promise<void> {
  const marketplace = await marketplaceWithConnection(db, marketplaceId);
  assertPaymentsEnabled(marketplace);
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
