// A charge waiting for 3-D Secure (R7): what the seller's page needs to authenticate it (its
// client secret and the connected account Stripe.js must act on), and settling it once the
// seller has: the payment gets its receipt and the seller's workflow retries at once, which
// finds the charge settled and resumes the campaigns billing paused.
import type { Database } from '../db/client';
import type { CommandDelivery } from '../billing-commands/relay';
import { DomainError } from '../domain/errors';
import type { Payment } from '../generated/prisma';
import type { PaymentGateway } from './gateway';
import { recordPaymentSucceeded } from './payment-records';
import { tellBillingWorkflow } from './saved-cards';

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

/** The seller's payment waiting for authentication, newest first, if any. */
export function paymentAwaitingAuthentication(db: Database, sellerId: string) {
  return db.payment.findFirst({
    where: { sellerId, status: 'requires_action', actionClientSecret: { not: null } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
}

/** A charge the seller authenticated, settled: its receipt now, and the workflow told. */
export async function settleAuthenticatedPayment(
  deps: { db: Database; commands: CommandDelivery },
  payment: Payment,
  outcome: { gatewayPaymentId: string; receiptUrl: string | null },
): Promise<Payment> {
  const settled = await recordPaymentSucceeded(
    deps.db,
    { marketplaceId: payment.marketplaceId, idempotencyKey: payment.idempotencyKey },
    outcome,
  );
  await tellBillingWorkflow(deps, payment, 'payment_authenticated');
  return settled;
}

/**
 * The simulated gateway's confirm step, standing in for the bank's 3-D Secure challenge that
 * Stripe.js shows: the seller confirms, and the charge succeeds as Stripe's would.
 */
export async function confirmSimulatedAuthentication(
  deps: { db: Database; commands: CommandDelivery; gateway: PaymentGateway },
  payment: Payment,
): Promise<Payment> {
  if (!deps.gateway.testCards) {
    throw new DomainError(
      409,
      'authentication_in_browser',
      'With Stripe, the bank’s check runs in the browser through Stripe.js.',
    );
  }
  await pendingAuthentication(deps.db, payment);
  return settleAuthenticatedPayment(deps, payment, {
    gatewayPaymentId: payment.gatewayPaymentId ?? `pi_sim_${payment.id}`,
    receiptUrl: null,
  });
}
