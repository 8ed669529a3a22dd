// Payment rows: one per charge idempotency key. A success gets the marketplace's next receipt
// number exactly once, whether the charge activity or a webhook (a charge that finished out of
// band) records it first (R9, R11).
import type { Database } from '../db/client';
import type { Payment, Prisma } from '../generated/prisma';

export type PaymentFields = Omit<Prisma.PaymentUncheckedCreateInput, 'status'>;

export async function recordPaymentSucceeded(
  db: Database,
  payment: { marketplaceId: string; idempotencyKey: string; create?: PaymentFields },
  outcome: { gatewayPaymentId: string; receiptUrl: string | null },
): Promise<Payment> {
  return db.$transaction(async (tx) => {
    const existing = await tx.payment.findUnique({
      where: { idempotencyKey: payment.idempotencyKey },
    });
    if (existing?.status === 'succeeded' && existing.receiptNumber !== null) return existing;
    if (!existing && !payment.create) {
      throw new Error(`No payment with idempotency key ${payment.idempotencyKey}`);
    }
    const marketplace = await tx.marketplace.update({
      where: { id: payment.marketplaceId },
      data: { nextReceiptNumber: { increment: 1 } },
      select: { nextReceiptNumber: true },
    });
    const fields = {
      status: 'succeeded',
      gatewayPaymentId: outcome.gatewayPaymentId,
      receiptUrl: outcome.receiptUrl ?? existing?.receiptUrl ?? null,
      receiptNumber: marketplace.nextReceiptNumber - 1,
      failureCode: null,
      failureMessage: null,
      actionClientSecret: null,
    };
    return existing
      ? tx.payment.update({ where: { id: existing.id }, data: fields })
      : tx.payment.create({ data: { ...payment.create!, ...fields } });
  });
}

export async function recordPaymentFailed(
  db: Database,
  payment: { idempotencyKey: string; create?: PaymentFields },
  outcome: {
    status: 'failed' | 'requires_action';
    gatewayPaymentId: string | null;
    code: string;
    message: string;
    actionClientSecret?: string | null;
  },
): Promise<void> {
  const fields = {
    status: outcome.status,
    gatewayPaymentId: outcome.gatewayPaymentId,
    failureCode: outcome.code,
    failureMessage: outcome.message,
    actionClientSecret: outcome.actionClientSecret ?? null,
  };
  if (payment.create) {
    await db.payment.upsert({
      where: { idempotencyKey: payment.idempotencyKey },
      create: { ...payment.create, ...fields },
      update: fields,
    });
    return;
  }
  // Out of band (a webhook): a payment that succeeded meanwhile stays succeeded.
  await db.payment.updateMany({
    where: { idempotencyKey: payment.idempotencyKey, status: { not: 'succeeded' } },
    data: fields,
  });
}
