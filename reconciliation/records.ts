// Both sides of a day's comparison, one kind of record at a time: our payments against the
// gateway's charges, and our refunds against the gateway's refunds (matched on the refund's id).
import type { Database } from '../db/client';
import type { PaymentGateway } from '../payments/gateway';
import type { ComparedRecord, MoneyStatus, OurRecord, Period, RecordKind } from './compare';

export interface BothSides {
  ours: OurRecord[];
  theirs: ComparedRecord[];
}

interface MarketplaceAccount {
  id: string;
  connectedAccountId: string | null;
}

/** What our payment statuses mean for money: one waiting for 3-D Secure has moved none yet. */
const PAYMENT_MONEY_STATUS: Record<string, MoneyStatus> = {
  succeeded: 'succeeded',
  failed: 'failed',
  requires_action: 'pending',
};

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

/** Where our rows of this gateway and marketplace created over `window` are, oldest first. */
const ourRowsOver = (gateway: PaymentGateway, marketplace: MarketplaceAccount, window: Period) => ({
  where: {
    marketplaceId: marketplace.id,
    gateway: gateway.name,
    createdAt: { gte: new Date(window.startsAtMs), lt: new Date(window.endsAtMs) },
  },
  orderBy: { createdAt: 'asc' as const },
});

type OurRowsQuery = ReturnType<typeof ourRowsOver>;

interface OurRow {
  id: string;
  sellerId: string;
  amountMinor: bigint;
  currency: string;
  status: string;
  createdAt: Date;
}

interface GatewayRecord {
  amountMinor: number;
  currency: string;
  status: MoneyStatus;
  createdAtMs: number;
}

/** One kind of record: how to read each side, and what each side calls the gateway's id. */
interface RecordSource<Row extends OurRow, Listed extends GatewayRecord> {
  recordKind: RecordKind;
  /** Our rows that reached the gateway (they carry its id), found by `query`. */
  ourRows(db: Database, query: OurRowsQuery): Promise<Row[]>;
  ourGatewayId(row: Row): string | null;
  moneyStatus: Record<string, MoneyStatus>;
  gatewayRecords(
    gateway: PaymentGateway,
    request: { connectedAccountId: string | null; fromMs: number; toMs: number },
  ): Promise<Listed[]>;
  gatewayId(listed: Listed): string;
}

/**
 * Reads one kind of record on both sides over `window`: our rows of this gateway that reached
 * it, against the gateway's records on the marketplace's connected account.
 */
function readerOf<Row extends OurRow, Listed extends GatewayRecord>(
  source: RecordSource<Row, Listed>,
) {
  return async (
    db: Database,
    gateway: PaymentGateway,
    marketplace: MarketplaceAccount,
    window: Period,
  ): Promise<BothSides> => {
    const rows = await source.ourRows(db, ourRowsOver(gateway, marketplace, window));
    const listed = await source.gatewayRecords(gateway, {
      connectedAccountId: marketplace.connectedAccountId,
      fromMs: window.startsAtMs,
      toMs: window.endsAtMs,
    });
    const { recordKind } = source;
    return {
      ours: rows.map((row) => ({
        recordKind,
        id: row.id,
        sellerId: row.sellerId,
        gatewayId: source.ourGatewayId(row) ?? '',
        amountMinor: Number(row.amountMinor),
        currency: row.currency,
        status: source.moneyStatus[row.status] ?? 'pending',
        occurredAtMs: row.createdAt.getTime(),
      })),
      theirs: listed.map((record) => ({
        recordKind,
        gatewayId: source.gatewayId(record),
        amountMinor: record.amountMinor,
        currency: record.currency,
        status: record.status,
        occurredAtMs: record.createdAtMs,
      })),
    };
  };
}

/** Our payments (a charge refused before the gateway, for want of a card, has no id there)
 * against the gateway's charges, matched on the PaymentIntent id. */
export const chargeRecords = readerOf({
  recordKind: 'charge',
  ourRows: (db, query) =>
    db.payment.findMany({ ...query, where: { ...query.where, gatewayPaymentId: { not: null } } }),
  ourGatewayId: (payment) => payment.gatewayPaymentId,
  moneyStatus: PAYMENT_MONEY_STATUS,
  gatewayRecords: (gateway, request) => gateway.listCharges(request),
  gatewayId: (charge) => charge.gatewayPaymentId,
});

/** Our refunds (one the gateway refused without an id never reached it) against the gateway's
 * refunds, matched on the refund id. */
export const refundRecords = readerOf({
  recordKind: 'refund',
  ourRows: (db, query) =>
    db.refund.findMany({ ...query, where: { ...query.where, gatewayRefundId: { not: null } } }),
  ourGatewayId: (refund) => refund.gatewayRefundId,
  moneyStatus: REFUND_MONEY_STATUS,
  gatewayRecords: (gateway, request) => gateway.listRefunds(request),
  gatewayId: (refund) => refund.gatewayRefundId,
});

/** Every kind of record the reconciliation compares, each read on both sides. */
export const RECORD_READERS = [chargeRecords, refundRecords] as const;
