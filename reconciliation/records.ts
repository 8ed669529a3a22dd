// Both sides of a day's comparison, one kind of record at a time: our payments against the
// gateway's charges, and our refunds against the gateway's refunds (matched on the refund's id).
import type { Database } from '../db/client';
import type { PaymentGateway } from '../payments/gateway';
import type { ComparedRecord, MoneyStatus, OurRecord, Period } from './compare';

export interface BothSides {
  ours: OurRecord[];
  theirs: ComparedRecord[];
}

/** What our payment statuses mean for money: one waiting for 3-D Secure has moved none yet. */
const PAYMENT_MONEY_STATUS: Record<string, MoneyStatus> = {
  succeeded: 'succeeded',
  failed: 'failed',
  requires_action: 'pending',
};

/**
 * Our payments that reached the gateway (they carry its id; a charge refused before it, for want
 * of a card, never did) on this gateway, against the gateway's charges on the marketplace's
 * connected account, both over `window`.
 */
export async function chargeRecords(
  db: Database,
  gateway: PaymentGateway,
  marketplace: { id: string; connectedAccountId: string | null },
  window: Period,
): Promise<BothSides> {
  const payments = await db.payment.findMany({
    where: {
      marketplaceId: marketplace.id,
      gateway: gateway.name,
      gatewayPaymentId: { not: null },
      createdAt: { gte: new Date(window.startsAtMs), lt: new Date(window.endsAtMs) },
    },
    orderBy: { createdAt: 'asc' },
  });
  const charges = await gateway.listCharges({
    connectedAccountId: marketplace.connectedAccountId,
    fromMs: window.startsAtMs,
    toMs: window.endsAtMs,
  });
  return {
    ours: payments.map((payment) => ({
      recordKind: 'charge',
      id: payment.id,
      sellerId: payment.sellerId,
      gatewayId: payment.gatewayPaymentId ?? '',
      amountMinor: Number(payment.amountMinor),
      currency: payment.currency,
      status: PAYMENT_MONEY_STATUS[payment.status] ?? 'pending',
      occurredAtMs: payment.createdAt.getTime(),
    })),
    theirs: charges.map((charge) => ({
      recordKind: 'charge',
      gatewayId: charge.gatewayPaymentId,
      amountMinor: charge.amountMinor,
      currency: charge.currency,
      status: charge.status,
      occurredAtMs: charge.createdAtMs,
    })),
  };
}

/**
 * What our refund statuses mean for money: `pending` is reserved before the gateway answers,
 * `processing` taken by the gateway and awaiting the bank; neither has moved money yet.
 */
const REFUND_MONEY_STATUS: Record<string, MoneyStatus> = {
  succeeded: 'succeeded',
  processing: 'pending',
  pending: 'pending',
  failed: 'failed',
};

/**
 * Our refunds that reached the gateway (they carry its id; one it refused without an id never
 * did) on this gateway, against the gateway's refunds on the marketplace's connected account,
 * both over `window`.
 */
export async function refundRecords(
  db: Database,
  gateway: PaymentGateway,
  marketplace: { id: string; connectedAccountId: string | null },
  window: Period,
): Promise<BothSides> {
  const refunds = await db.refund.findMany({
    where: {
      marketplaceId: marketplace.id,
      gateway: gateway.name,
      gatewayRefundId: { not: null },
      createdAt: { gte: new Date(window.startsAtMs), lt: new Date(window.endsAtMs) },
    },
    orderBy: { createdAt: 'asc' },
  });
  const gatewayRefunds = await gateway.listRefunds({
    connectedAccountId: marketplace.connectedAccountId,
    fromMs: window.startsAtMs,
    toMs: window.endsAtMs,
  });
  return {
    ours: refunds.map((refund) => ({
      recordKind: 'refund',
      id: refund.id,
      sellerId: refund.sellerId,
      gatewayId: refund.gatewayRefundId ?? '',
      amountMinor: Number(refund.amountMinor),
      currency: refund.currency,
      status: REFUND_MONEY_STATUS[refund.status] ?? 'pending',
      occurredAtMs: refund.createdAt.getTime(),
    })),
    theirs: gatewayRefunds.map((refund) => ({
      recordKind: 'refund',
      gatewayId: refund.gatewayRefundId,
      amountMinor: refund.amountMinor,
      currency: refund.currency,
      status: refund.status,
      occurredAtMs: refund.createdAtMs,
    })),
  };
}

/** Every kind of record the reconciliation compares, each read on both sides. */
export const RECORD_READERS = [chargeRecords, refundRecords] as const;
