// The simulated gateway's record of its charges and refunds in the database, as Stripe keeps its
// own: it outlives the worker process (a retried charge after a restart replays the kept answer)
// and is what the daily reconciliation reads as the simulated gateway's side.
import type { Database } from '../db/client';
import type { SimulatedGatewayCharge, SimulatedGatewayRefund } from '../generated/prisma';
import type { OffSessionChargeResult } from './gateway';
import type { KeptCharge, KeptRefund, SimulatedChargeRecord } from './simulated-gateway';

export class DatabaseChargeRecord implements SimulatedChargeRecord {
  constructor(private readonly db: Database) {}

  async keep(charge: KeptCharge): Promise<KeptCharge> {
    await this.db.simulatedGatewayCharge.createMany({
      data: [
        {
          idempotencyKey: charge.idempotencyKey,
          accountId: charge.accountId,
          gatewayPaymentId: charge.result.gatewayPaymentId ?? charge.idempotencyKey,
          amountMinor: BigInt(charge.amountMinor),
          currency: charge.currency,
          status: charge.result.status,
          paymentMethodId: charge.paymentMethodId,
          result: charge.result,
          createdAt: new Date(charge.createdAtMs),
        },
      ],
      skipDuplicates: true,
    });
    const kept = await this.db.simulatedGatewayCharge.findUniqueOrThrow({
      where: { idempotencyKey: charge.idempotencyKey },
    });
    return keptChargeOf(kept);
  }

  async between(accountId: string | null, fromMs: number, toMs: number): Promise<KeptCharge[]> {
    const rows = await this.db.simulatedGatewayCharge.findMany({
      where: { accountId, createdAt: { gte: new Date(fromMs), lt: new Date(toMs) } },
      orderBy: [{ createdAt: 'asc' }, { idempotencyKey: 'asc' }],
    });
    return rows.map(keptChargeOf);
  }

  async keepRefund(refund: KeptRefund): Promise<KeptRefund> {
    await this.db.simulatedGatewayRefund.createMany({
      data: [
        {
          idempotencyKey: refund.idempotencyKey,
          accountId: refund.accountId,
          gatewayRefundId: refund.result.gatewayRefundId,
          gatewayPaymentId: refund.gatewayPaymentId,
          amountMinor: BigInt(refund.amountMinor),
          currency: refund.currency,
          status: refund.result.status,
          createdAt: new Date(refund.createdAtMs),
        },
      ],
      skipDuplicates: true,
    });
    const kept = await this.db.simulatedGatewayRefund.findUniqueOrThrow({
      where: { idempotencyKey: refund.idempotencyKey },
    });
    return keptRefundOf(kept);
  }

  async refundsBetween(
    accountId: string | null,
    fromMs: number,
    toMs: number,
  ): Promise<KeptRefund[]> {
    const rows = await this.db.simulatedGatewayRefund.findMany({
      where: { accountId, createdAt: { gte: new Date(fromMs), lt: new Date(toMs) } },
      orderBy: [{ createdAt: 'asc' }, { idempotencyKey: 'asc' }],
    });
    return rows.map(keptRefundOf);
  }
}

function keptChargeOf(row: SimulatedGatewayCharge): KeptCharge {
  return {
    idempotencyKey: row.idempotencyKey,
    accountId: row.accountId,
    amountMinor: Number(row.amountMinor),
    currency: row.currency,
    paymentMethodId: row.paymentMethodId,
    result: row.result as unknown as OffSessionChargeResult,
    createdAtMs: row.createdAt.getTime(),
  };
}

/** The simulated gateway answers every refund it keeps as succeeded, so its status is the answer. */
function keptRefundOf(row: SimulatedGatewayRefund): KeptRefund {
  return {
    idempotencyKey: row.idempotencyKey,
    accountId: row.accountId,
    gatewayPaymentId: row.gatewayPaymentId,
    amountMinor: Number(row.amountMinor),
    currency: row.currency,
    result: { status: row.status as 'succeeded' | 'pending', gatewayRefundId: row.gatewayRefundId },
    createdAtMs: row.createdAt.getTime(),
  };
}
