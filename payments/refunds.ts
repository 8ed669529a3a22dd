// An admin's refund of part of a seller's past payment (R14). The refund is reserved as pending
// under the payment's row lock, so concurrent refunds of one payment never add up to more than it
// paid; then the gateway refunds it on the connected account with the refund's own idempotency
// key, and the outcome is recorded: a refund the gateway took gets the next credit-note number, the
// seller and the admins are told, and `payment.refunded` goes to the marketplace's webhooks.
//
// A gateway that is unreachable leaves the refund pending (still counted against the payment, so
// nothing is refunded twice) and the caller gets 503; the reconciliation with the gateway shows it.
import { randomUUID } from 'node:crypto';
import { takeCreditNoteNumber } from '../credits/credit-notes';
import type { Database } from '../db/client';
import { DomainError, notFoundError } from '../domain/errors';
import type { Refund } from '../generated/prisma';
import type { Logger } from '../observability/logger';
import { formatMinor } from '../rules';
import type { NotifyRequest } from '../workflows/activity-contracts';
import type { PaymentGateway, RefundResult } from './gateway';

export interface RefundDependencies {
  db: Database;
  gateway: PaymentGateway;
  logger: Logger;
  notify: (request: NotifyRequest) => Promise<void>;
}

export interface RefundInput {
  amountMinor: number;
  reason: string;
}

/** Statuses that hold part of the payment: a failed refund gives it back. */
const COUNTED_STATUSES = ['pending', 'processing', 'succeeded'];

export async function refundPayment(
  deps: RefundDependencies,
  marketplaceId: string,
  paymentId: string,
  input: RefundInput,
): Promise<Refund> {
  const reserved = await reserveRefund(deps, marketplaceId, paymentId, input);
  const connection = await deps.db.stripeConnection.findUnique({ where: { marketplaceId } });
  const result = await deps.gateway.refundPayment({
    idempotencyKey: reserved.refund.idempotencyKey,
    connectedAccountId: connection?.accountId ?? null,
    gatewayPaymentId: reserved.gatewayPaymentId,
    amountMinor: input.amountMinor,
    currency: reserved.refund.currency,
    metadata: {
      marketplace_id: marketplaceId,
      seller_id: reserved.refund.sellerId,
      payment_id: paymentId,
      refund_id: reserved.refund.id,
    },
  });
  deps.logger.info(
    { marketplaceId, paymentId, refundId: reserved.refund.id, status: result.status },
    'refund made at the gateway',
  );
  const refund = await recordRefundOutcome(deps.db, reserved.refund, result);
  if (refund.creditNoteNumber !== null) {
    await deps.notify({
      marketplaceId,
      sellerId: refund.sellerId,
      dedupeKey: `refund:${refund.id}`,
      event: {
        kind: 'payment_refunded',
        refundId: refund.id,
        paymentId,
        amountMinor: Number(refund.amountMinor),
        currency: refund.currency,
        creditNoteNumber: refund.creditNoteNumber,
        reason: refund.reason,
      },
    });
  }
  return refund;
}

/** Writes the pending refund if the payment can still give back that much (row lock held). */
async function reserveRefund(
  deps: RefundDependencies,
  marketplaceId: string,
  paymentId: string,
  input: RefundInput,
): Promise<{ refund: Refund; gatewayPaymentId: string }> {
  return deps.db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM payments
      WHERE id = ${paymentId}::uuid AND marketplace_id = ${marketplaceId}::uuid
      FOR UPDATE`;
    if (locked.length === 0) throw notFoundError('Payment');
    const payment = await tx.payment.findUniqueOrThrow({ where: { id: paymentId } });
    if (payment.status !== 'succeeded' || !payment.gatewayPaymentId) {
      throw new DomainError(
        409,
        'payment_not_refundable',
        `Only a succeeded payment can be refunded; this one is ${payment.status}.`,
      );
    }
    const counted = await tx.refund.aggregate({
      where: { paymentId, status: { in: COUNTED_STATUSES } },
      _sum: { amountMinor: true },
    });
    const refundableMinor = Number(payment.amountMinor - (counted._sum.amountMinor ?? 0n));
    if (input.amountMinor > refundableMinor) {
      throw new DomainError(
        409,
        'refund_exceeds_payment',
        `A refund cannot exceed what the payment paid less earlier refunds: at most ${formatMinor(refundableMinor, payment.currency)} can be refunded.`,
        'amountMinor',
      );
    }
    const id = randomUUID();
    const refund = await tx.refund.create({
      data: {
        id,
        marketplaceId,
        sellerId: payment.sellerId,
        paymentId,
        idempotencyKey: `refund:${marketplaceId}:${id}`,
        amountMinor: BigInt(input.amountMinor),
        currency: payment.currency,
        reason: input.reason,
        gateway: deps.gateway.name,
      },
    });
    return { refund, gatewayPaymentId: payment.gatewayPaymentId };
  });
}

/** Records the gateway's answer once: a refund it took gets the next credit-note number. */
function recordRefundOutcome(db: Database, refund: Refund, result: RefundResult): Promise<Refund> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM refunds WHERE id = ${refund.id}::uuid FOR UPDATE`;
    const current = await tx.refund.findUniqueOrThrow({ where: { id: refund.id } });
    if (current.status !== 'pending') return current;
    if (result.status === 'failed') {
      return tx.refund.update({
        where: { id: refund.id },
        data: {
          status: 'failed',
          gatewayRefundId: result.gatewayRefundId,
          failureCode: result.code,
          failureMessage: result.message,
        },
      });
    }
    // One the gateway took but reports pending (the bank confirms later) is `processing`: it has
    // its credit note and holds its amount like a succeeded one.
    return tx.refund.update({
      where: { id: refund.id },
      data: {
        status: result.status === 'pending' ? 'processing' : 'succeeded',
        gatewayRefundId: result.gatewayRefundId,
        creditNoteNumber: await takeCreditNoteNumber(tx, refund.marketplaceId),
      },
    });
  });
}
