// When the spend relay signals a seller's workflow: pure decisions from the seller's pending
// spend, its last signal and what the relay knows of its headroom, so a busy seller costs a
// bounded number of signals a month while a credit-limit crossing is still signalled at once.
import { minorToMicros } from '../rules';
import type { BillingStateView } from '../workflows/messages';

export interface RelayPolicy {
  /** How often the relay looks for committed spend: the delay of a crossing's signal. */
  pollIntervalMs: number;
  /** The most a seller's spend waits for a signal, and the least time between two routine ones. */
  signalIntervalMs: number;
  /** Pending spend at this percent of the known headroom makes the relay read it again. */
  nearHeadroomPercent: number;
  /** A headroom read from the workflow is trusted this long. */
  headroomTtlMs: number;
  /** The least time between two reads of one seller's headroom. */
  headroomReadGapMs: number;
  /** Pending spend is signalled this long before the seller's cycle ends, for its cycle-end charge. */
  cycleEndLeadMs: number;
  /** A batch claimed this long ago and still not confirmed is signalled again (same batch id). */
  resendUnconfirmedAfterMs: number;
  /** A headroom read that takes longer is abandoned: one stuck workflow must not hold the pass. */
  headroomReadTimeoutMs: number;
  /** How many sellers' headroom the relay reads at once. */
  headroomReadConcurrency: number;
  /** A seller set aside is tried again after this, doubling each time up to `holdRetryMaxMs`. */
  holdRetryBaseMs: number;
  holdRetryMaxMs: number;
}

/**
 * Defaults for the goals in bench/README.md. A 15-minute interval costs at most 2,976 routine
 * signals in a 31-day month, leaving room under 5,000 for one signal per limit crossing and one
 * before each cycle end; a 500 ms poll signals a crossing within a second of its commit.
 */
export const DEFAULT_RELAY_POLICY: RelayPolicy = {
  pollIntervalMs: 500,
  signalIntervalMs: 15 * 60_000,
  nearHeadroomPercent: 75,
  headroomTtlMs: 60_000,
  headroomReadGapMs: 2_000,
  cycleEndLeadMs: 30_000,
  resendUnconfirmedAfterMs: 30_000,
  headroomReadTimeoutMs: 2_000,
  headroomReadConcurrency: 16,
  holdRetryBaseMs: 60_000,
  holdRetryMaxMs: 60 * 60_000,
};

export interface Headroom {
  /** Credit limit minus unbilled spend, in micros; null when no limit charge can happen now. */
  micros: number | null;
  readAtMs: number;
}

export interface SellerRelayState {
  pendingMicros: number;
  lastSignalAtMs: number | null;
  headroom: Headroom | null;
  cycleEndsAtMs: number;
}

export type RelayDecision = 'signal' | 'read_headroom' | 'wait';

export function decide(
  seller: SellerRelayState,
  nowMs: number,
  policy: RelayPolicy,
): RelayDecision {
  if (seller.pendingMicros <= 0) return 'wait';
  const { lastSignalAtMs, headroom } = seller;
  if (lastSignalAtMs === null || nowMs - lastSignalAtMs >= policy.signalIntervalMs) return 'signal';
  const cycleFlushAtMs = seller.cycleEndsAtMs - policy.cycleEndLeadMs;
  if (nowMs >= cycleFlushAtMs && lastSignalAtMs < cycleFlushAtMs) return 'signal';
  const headroomMicros = headroom?.micros ?? null;
  if (headroomMicros !== null && headroomMicros > 0 && seller.pendingMicros >= headroomMicros) {
    return 'signal';
  }
  if (headroom && nowMs - headroom.readAtMs < policy.headroomReadGapMs) return 'wait';
  const stale = !headroom || nowMs - headroom.readAtMs >= policy.headroomTtlMs;
  // Near the limit (or past it while a charge runs) the estimate must be exact, so read it.
  const near =
    headroomMicros !== null &&
    (headroomMicros <= 0 ||
      seller.pendingMicros * 100 >= headroomMicros * policy.nearHeadroomPercent);
  return stale || near ? 'read_headroom' : 'wait';
}

/** Headroom as the workflow sees it; only an active seller is charged at its limit (R5, R7). */
export function headroomOf(view: BillingStateView | null, nowMs: number): Headroom {
  if (!view || view.status !== 'active' || view.creditLimitMinor <= 0) {
    return { micros: null, readAtMs: nowMs };
  }
  return {
    micros: minorToMicros(view.creditLimitMinor, view.currency) - view.unbilledMicros,
    readAtMs: nowMs,
  };
}

/** After a signal the known headroom shrinks by what was sent: still exact, never optimistic. */
export function headroomAfterSignal(
  headroom: Headroom | null,
  signalledMicros: number,
): Headroom | null {
  return headroom && headroom.micros !== null
    ? { ...headroom, micros: headroom.micros - signalledMicros }
    : headroom;
}
