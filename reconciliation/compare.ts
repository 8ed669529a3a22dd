// Compares our records of one day with the gateway's (R16): pure, so every kind of difference is
// decided in one place. A record is a charge or a refund; both sides are matched on the
// gateway's id of it, so another kind of record plugs in by giving both sides that id.

export type RecordKind = 'charge' | 'refund';

/** Where money stands, whatever each side calls it: Stripe and our payments name it differently. */
export type MoneyStatus = 'succeeded' | 'failed' | 'pending';

export interface ComparedRecord {
  recordKind: RecordKind;
  /** The gateway's id (a charge's PaymentIntent, a refund's id): what the sides match on. */
  gatewayId: string;
  amountMinor: number;
  currency: string;
  status: MoneyStatus;
  occurredAtMs: number;
}

export interface OurRecord extends ComparedRecord {
  /** Our row's id (a payment, a refund). */
  id: string;
  sellerId: string;
}

export type DifferenceKind =
  'missing_at_gateway' | 'missing_in_database' | 'amount_mismatch' | 'status_mismatch';

export interface Difference {
  kind: DifferenceKind;
  recordKind: RecordKind;
  gatewayId: string;
  ourRecordId: string | null;
  sellerId: string | null;
  currency: string;
  ourAmountMinor: number | null;
  gatewayAmountMinor: number | null;
  ourStatus: MoneyStatus | null;
  gatewayStatus: MoneyStatus | null;
  occurredAtMs: number;
}

/**
 * Both sides are read this much beyond the day, so a record written just before midnight on one
 * side and just after on the other still finds its pair instead of showing as two differences.
 */
export const MATCHING_MARGIN_MS = 60 * 60 * 1000;

export interface Period {
  startsAtMs: number;
  endsAtMs: number;
}

const keyOf = (record: ComparedRecord) => `${record.recordKind}:${record.gatewayId}`;
const within = (period: Period, atMs: number) =>
  atMs >= period.startsAtMs && atMs < period.endsAtMs;

/**
 * The differences that belong to `day`, from both sides read over the day and its margins. A
 * matched pair belongs to the day of our record; a record on one side only, to its own day, so
 * consecutive days never report the same difference twice. A payment of ours still pending
 * (waiting for 3-D Secure) may have no charge at the gateway yet: that is no difference. A refund
 * exists at the gateway from the moment it has an id, pending or not.
 */
export function compareRecords(
  day: Period,
  ours: readonly OurRecord[],
  theirs: readonly ComparedRecord[],
): Difference[] {
  const gatewayByKey = new Map(theirs.map((record) => [keyOf(record), record]));
  const matchedKeys = new Set<string>();
  const differences: Difference[] = [];
  for (const our of ours) {
    const gateway = gatewayByKey.get(keyOf(our));
    if (gateway) matchedKeys.add(keyOf(our));
    if (!within(day, our.occurredAtMs)) continue;
    const base = {
      recordKind: our.recordKind,
      gatewayId: our.gatewayId,
      ourRecordId: our.id,
      sellerId: our.sellerId,
      currency: our.currency,
      ourAmountMinor: our.amountMinor,
      ourStatus: our.status,
      occurredAtMs: our.occurredAtMs,
    };
    if (!gateway) {
      if (our.status !== 'pending' || our.recordKind === 'refund') {
        differences.push({
          ...base,
          kind: 'missing_at_gateway',
          gatewayAmountMinor: null,
          gatewayStatus: null,
        });
      }
      continue;
    }
    const seen = { gatewayAmountMinor: gateway.amountMinor, gatewayStatus: gateway.status };
    if (gateway.amountMinor !== our.amountMinor || gateway.currency !== our.currency) {
      differences.push({ ...base, ...seen, kind: 'amount_mismatch' });
    }
    if (gateway.status !== our.status) {
      differences.push({ ...base, ...seen, kind: 'status_mismatch' });
    }
  }
  for (const gateway of theirs) {
    if (matchedKeys.has(keyOf(gateway)) || !within(day, gateway.occurredAtMs)) continue;
    differences.push({
      kind: 'missing_in_database',
      recordKind: gateway.recordKind,
      gatewayId: gateway.gatewayId,
      ourRecordId: null,
      sellerId: null,
      currency: gateway.currency,
      ourAmountMinor: null,
      gatewayAmountMinor: gateway.amountMinor,
      ourStatus: null,
      gatewayStatus: gateway.status,
      occurredAtMs: gateway.occurredAtMs,
    });
  }
  return differences;
}
