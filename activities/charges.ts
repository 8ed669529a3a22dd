// The charge activity: charges the seller's default card through the gateway with the
// workflow's idempotency key and records the outcome as a payment row (one per key).
import { ApplicationFailure } from '@temporalio/activity';
import type { Database } from '../db/client';
import type { Prisma } from '../generated/prisma';
import type { OffSessionChargeResult, PaymentGateway } from '../payments/gateway';
import type { Logger } from '../observability/logger';
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
    const existing = await db.payment.findUnique({
      where: { idempotencyKey: request.idempotencyKey },
    });
    if (existing?.status === 'succeeded' && existing.receiptNumber !== null) {
      return receiptOf(existing);
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
      amountMinor: BigInt(request.amountMinor),
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
      throw chargeFailure(CHARGE_FAILURE_TYPES.noPaymentMethod, failure);
    }

    const result: OffSessionChargeResult = await gateway.chargeOffSession({
      idempotencyKey: request.idempotencyKey,
      amountMinor: request.amountMinor,
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
      { gateway: gateway.name, status: result.status, amountMinor: request.amountMinor },
      'charge attempted',
    );

    switch (result.status) {
      case 'succeeded': {
        const payment = await recordSuccess(base, result.gatewayPaymentId, result.receiptUrl);
        return receiptOf(payment);
      }
      case 'declined':
        await recordFailure(base, result.gatewayPaymentId, result, 'failed');
        throw chargeFailure(CHARGE_FAILURE_TYPES.declined, result);
      case 'requires_action':
        await recordFailure(base, result.gatewayPaymentId, result, 'requires_action');
        throw chargeFailure(CHARGE_FAILURE_TYPES.authenticationRequired, result);
    }
  }

  /** Records a success and gives it the marketplace's next receipt number, once per key. */
  async function recordSuccess(
    base: PaymentFields,
    gatewayPaymentId: string,
    receiptUrl: string | null,
  ) {
    return db.$transaction(async (tx) => {
      const existing = await tx.payment.findUnique({
        where: { idempotencyKey: base.idempotencyKey },
      });
      if (existing?.status === 'succeeded' && existing.receiptNumber !== null) return existing;
      const marketplace = await tx.marketplace.update({
        where: { id: base.marketplaceId },
        data: { nextReceiptNumber: { increment: 1 } },
        select: { nextReceiptNumber: true },
      });
      const fields = {
        status: 'succeeded',
        gatewayPaymentId,
        receiptUrl,
        receiptNumber: marketplace.nextReceiptNumber - 1,
        failureCode: null,
        failureMessage: null,
      };
      return tx.payment.upsert({
        where: { idempotencyKey: base.idempotencyKey },
        create: { ...base, ...fields },
        update: fields,
      });
    });
  }

  async function recordFailure(
    base: PaymentFields,
    gatewayPaymentId: string | null,
    failure: ChargeFailureDetails,
    status: 'failed' | 'requires_action',
  ): Promise<void> {
    const fields = {
      status,
      gatewayPaymentId,
      failureCode: failure.code,
      failureMessage: failure.message,
    };
    await db.payment.upsert({
      where: { idempotencyKey: base.idempotencyKey },
      create: { ...base, ...fields },
      update: fields,
    });
  }

  return { chargeSeller };
}

type PaymentFields = Omit<Prisma.PaymentUncheckedCreateInput, 'status'>;

function chargeFailure(type: string, failure: ChargeFailureDetails): ApplicationFailure {
  const details: ChargeFailureDetails = { code: failure.code, message: failure.message };
  return ApplicationFailure.create({
    type,
    message: failure.message,
    nonRetryable: true,
    details: [details],
  });
}

function receiptOf(payment: {
  id: string;
  gatewayPaymentId: string | null;
  amountMinor: bigint;
  cardBrand: string | null;
  cardLast4: string | null;
  receiptNumber: number | null;
}): ChargeReceipt {
  return {
    paymentId: payment.id,
    gatewayPaymentId: payment.gatewayPaymentId ?? '',
    amountMinor: Number(payment.amountMinor),
    cardBrand: payment.cardBrand ?? '',
    cardLast4: payment.cardLast4 ?? '',
    receiptNumber: payment.receiptNumber ?? 0,
  };
}
