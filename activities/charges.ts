// The charge activity: charges the seller's default card through the gateway with the
// workflow's idempotency key and records the outcome as a payment row (one per key).
import { ApplicationFailure } from '@temporalio/activity';
import type { Database } from '../db/client';
import type { Payment } from '../generated/prisma';
import type { OffSessionChargeResult, PaymentGateway } from '../payments/gateway';
import {
  recordPaymentFailed,
  recordPaymentSucceeded,
  type PaymentFields,
} from '../payments/payment-records';
import type { Logger } from '../observability/logger';
import { charges } from '../observability/metrics';
import {
  CHARGE_FAILURE_TYPES,
  type ChargeFailureDetails,
  type ChargeReceipt,
  type ChargeRequest,
} from '../workflows/activity-contracts';

export function createChargeActivities(deps: {
  db: Database;
  gateway: PaymentGateway;
  logger: Logger;
}) {
  const { db, gateway } = deps;

  async function chargeSeller(request: ChargeRequest): Promise<ChargeReceipt> {
    const logger = deps.logger.child({
      marketplaceId: request.marketplaceId,
      sellerId: request.sellerId,
      idempotencyKey: request.idempotencyKey,
    });
    // An earlier attempt of this charge that the seller completed later (3-D Secure, settled by
    // the payment_intent.succeeded webhook) counts: only what it did not cover is still owed.
    const settledEarlier = await db.payment.findMany({
      where: {
        sellerId: request.sellerId,
        chargeSequence: request.chargeSequence,
        status: 'succeeded',
        idempotencyKey: { not: request.idempotencyKey },
      },
      orderBy: { createdAt: 'asc' },
    });
    const settledMinor = Math.min(
      settledEarlier.reduce((sum, p) => sum + Number(p.amountMinor), 0),
      request.amountMinor,
    );
    const existing = await db.payment.findUnique({
      where: { idempotencyKey: request.idempotencyKey },
    });
    if (existing?.status === 'succeeded' && existing.receiptNumber !== null) {
      return receiptOf(existing, settledMinor);
    }
    const owedMinor = request.amountMinor - settledMinor;
    const lastSettled = settledEarlier.at(-1);
    if (lastSettled && owedMinor < Math.max(request.minimumChargeMinor, 1)) {
      // Nothing chargeable is left: the remainder (if any) stays unbilled for the next charge.
      logger.info({ paymentId: lastSettled.id, owedMinor }, 'charge already settled out of band');
      charges.inc({ outcome: 'settled_out_of_band', currency: request.currency });
      return { ...receiptOf(lastSettled, 0), coveredMinor: settledMinor };
    }
    const seller = await db.seller.findUniqueOrThrow({
      where: { id: request.sellerId },
      include: {
        marketplace: { include: { stripeConnection: true } },
        paymentMethods: { where: { isDefault: true, removedAt: null }, take: 1 },
      },
    });
    const card = seller.paymentMethods[0];
    const base: PaymentFields = {
      marketplaceId: request.marketplaceId,
      sellerId: request.sellerId,
      idempotencyKey: request.idempotencyKey,
      chargeSequence: request.chargeSequence,
      attempt: request.attempt,
      reason: request.reason,
      amountMinor: BigInt(owedMinor),
      currency: request.currency,
      gateway: gateway.name,
      cycleStartsAt: new Date(request.cycleStartsAtMs),
      cycleEndsAt: new Date(request.cycleEndsAtMs),
      cardBrand: card?.brand ?? null,
      cardLast4: card?.last4 ?? null,
    };
    if (!card || !seller.gatewayCustomerId) {
      const failure = {
        code: 'no_payment_method',
        message: 'No card is on file. Add a card under Manage payments.',
      };
      await recordFailure(base, null, failure, 'failed');
      charges.inc({ outcome: 'no_payment_method', currency: request.currency });
      throw chargeFailure(CHARGE_FAILURE_TYPES.noPaymentMethod, failure);
    }

    const result: OffSessionChargeResult = await gateway.chargeOffSession({
      idempotencyKey: request.idempotencyKey,
      amountMinor: owedMinor,
      currency: request.currency,
      customerId: seller.gatewayCustomerId,
      paymentMethodId: card.gatewayPaymentMethodId,
      connectedAccountId: seller.marketplace.stripeConnection?.accountId ?? null,
      description: `Advertising spend, ${seller.marketplace.name}`,
      metadata: {
        marketplace_id: request.marketplaceId,
        seller_id: request.sellerId,
        charge_id: request.idempotencyKey,
        cycle_starts_at: new Date(request.cycleStartsAtMs).toISOString(),
      },
    });
    logger.info(
      { gateway: gateway.name, status: result.status, amountMinor: owedMinor },
      'charge attempted',
    );
    charges.inc({ outcome: result.status, currency: request.currency });

    switch (result.status) {
      case 'succeeded': {
        const payment = await recordPaymentSucceeded(
          db,
          {
            marketplaceId: request.marketplaceId,
            idempotencyKey: request.idempotencyKey,
            create: base,
          },
          result,
        );
        return receiptOf(payment, settledMinor);
      }
      case 'declined':
        await recordFailure(base, result.gatewayPaymentId, result, 'failed');
        throw chargeFailure(CHARGE_FAILURE_TYPES.declined, result);
      case 'requires_action':
        await recordFailure(
          base,
          result.gatewayPaymentId,
          result,
          'requires_action',
          result.clientSecret,
        );
        throw chargeFailure(CHARGE_FAILURE_TYPES.authenticationRequired, result);
    }
  }

  function recordFailure(
    base: PaymentFields,
    gatewayPaymentId: string | null,
    failure: ChargeFailureDetails,
    status: 'failed' | 'requires_action',
    actionClientSecret: string | null = null,
  ): Promise<void> {
    return recordPaymentFailed(
      db,
      { idempotencyKey: base.idempotencyKey, create: base },
      {
        status,
        gatewayPaymentId,
        code: failure.code,
        message: failure.message,
        actionClientSecret,
      },
    );
  }

  return { chargeSeller };
}

function chargeFailure(type: string, failure: ChargeFailureDetails): ApplicationFailure {
  const details: ChargeFailureDetails = { code: failure.code, message: failure.message };
  return ApplicationFailure.create({
    type,
    message: failure.message,
    nonRetryable: true,
    details: [details],
  });
}

/** The receipt of `payment`, which together with `settledEarlierMinor` covers the charge. */
function receiptOf(payment: Payment, settledEarlierMinor: number): ChargeReceipt {
  return {
    paymentId: payment.id,
    gatewayPaymentId: payment.gatewayPaymentId ?? '',
    amountMinor: Number(payment.amountMinor),
    coveredMinor: settledEarlierMinor + Number(payment.amountMinor),
    cardBrand: payment.cardBrand ?? '',
    cardLast4: payment.cardLast4 ?? '',
    receiptNumber: payment.receiptNumber ?? 0,
  };
}
