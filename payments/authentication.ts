// What the seller's page needs to authenticate a charge waiting for 3-D Secure (R7): its client
// secret and the connected account Stripe.js must act on.
import type { Database } from '../db/client';
import { DomainError } from '../domain/errors';
import type { Payment } from '../generated/prisma';

export async function pendingAuthentication(
  db: Database,
  payment: Payment,
): Promise<{ clientSecret: string; connectedAccountId: string | null }> {
  if (payment.status !== 'requires_action' || !payment.actionClientSecret) {
    throw new DomainError(
      409,
      'no_action_required',
      'This payment does not wait for authentication.',
    );
  }
  const connection = await db.stripeConnection.findUnique({
    where: { marketplaceId: payment.marketplaceId },
  });
  return {
    clientSecret: payment.actionClientSecret,
    connectedAccountId: connection?.accountId ?? null,
  };
}
