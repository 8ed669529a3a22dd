// When the spend relay delivers a seller's spend to its workflow: pure decisions from the seller's
// pending spend, its last delivery and its headroom as the billing projection holds it, so a busy
// seller costs a bounded number of deliveries a month while a credit-limit crossing is delivered
// at once. The relay reads no workflow to decide: each delivery's answer and the workflow's own
// reports (a charge, a command, a new cycle) keep the projection current.
import { minorToMicros } from '../rules';
import type { BillingProjection } from '../workflows/messages';

export interface RelayPolicy {
  /** How often the relay looks for committed spend: the delay of a crossing's delivery. */
  pollIntervalMs: number;
  /** The most a seller's spend waits for a delivery, and the least time between two routine ones. */
  signalIntervalMs: number;
  /** Pending spend is delivered this long before the seller's cycle ends, for its cycle-end charge. */
  cycleEndLeadMs: number;
  /** A batch claimed this long ago and still not confirmed is delivered again (same batch id). */
  resendUnconfirmedAfterMs: number;
  /**
   * A delivery is an update, which a worker must run: one that has no answer in this time (no
   * worker, the workflow's task failing) is left for a resend, so it cannot hold the pass.
   */
  deliveryTimeoutMs: number;
  /** A seller set aside is tried again after this, doubling each time up to `holdRetryMaxMs`. */
  holdRetryBaseMs: number;
  holdRetryMaxMs: number;
}

/**
 * Defaults for the goals in bench/README.md. A 15-minute interval costs at most 2,976 routine
 * deliveries in a 31-day month, leaving room under 5,000 for one per limit crossing and one
 * before each cycle end; a 500 ms poll delivers a crossing within a second of its commit.
 */
export const DEFAULT_RELAY_POLICY: RelayPolicy = {
  pollIntervalMs: 500,
  signalIntervalMs: 15 * 60_000,
  cycleEndLeadMs: 30_000,
  resendUnconfirmedAfterMs: 30_000,
  deliveryTimeoutMs: 5_000,
  holdRetryBaseMs: 60_000,
  holdRetryMaxMs: 60 * 60_000,
};

export interface SellerRelayState {
  pendingMicros: number;
  /** More is pending than one delivery carries (MAX_RELAY_BATCH_MICROS). */
  beyondOneBatch: boolean;
  lastSignalAtMs: number | null;
  /** Credit limit minus unbilled spend in micros; null when no limit charge can happen now. */
  headroomMicros: number | null;
  cycleEndsAtMs: number;
}

export type RelayDecision = 'signal' | 'wait';

export function decide(
  seller: SellerRelayState,
  nowMs: number,
  policy: RelayPolicy,
): RelayDecision {
  if (seller.pendingMicros <= 0) return 'wait';
  const { lastSignalAtMs, headroomMicros } = seller;
  if (lastSignalAtMs === null || nowMs - lastSignalAtMs >= policy.signalIntervalMs) return 'signal';
  // A delivery carries one batch at most: a seller with more pending is delivered every pass until
  // it is drained, or its unbilled spend (and so its limit crossing) would fall ever further behind.
  if (seller.beyondOneBatch) return 'signal';
  const cycleFlushAtMs = seller.cycleEndsAtMs - policy.cycleEndLeadMs;
  if (nowMs >= cycleFlushAtMs && lastSignalAtMs < cycleFlushAtMs) return 'signal';
  // At or past the limit a charge is running: its outcome reports a new headroom to wait for.
  return headroomMicros !== null && headroomMicros > 0 && seller.pendingMicros >= headroomMicros
    ? 'signal'
    : 'wait';
}

/** The part of a projection the headroom depends on, with the marketplace's currency. */
export type HeadroomSource = Pick<
  BillingProjection,
  'status' | 'creditLimitMinor' | 'unbilledMicros'
> & { currency: string };

/** Headroom as the workflow last reported it; only an active seller is charged at its limit
 * (R5, R7). A seller never reported has none known. */
export function headroomOf(source: HeadroomSource | undefined): number | null {
  if (!source || source.status !== 'active' || source.creditLimitMinor <= 0) return null;
  return minorToMicros(source.creditLimitMinor, source.currency) - source.unbilledMicros;
}
