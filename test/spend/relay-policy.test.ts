// The relay's policy: routine signals at most once per interval, a crossing of the limit at once,
// a fresh read of the workflow's headroom when spend comes near it.
import {
  decide,
  DEFAULT_RELAY_POLICY,
  headroomAfterSignal,
  headroomOf,
  type SellerRelayState,
} from '../../spend/relay-policy';
import type { BillingStateView } from '../../workflows/messages';

const policy = DEFAULT_RELAY_POLICY;
const NOW = Date.parse('2026-03-10T12:00:00Z');
const CYCLE_END = Date.parse('2026-04-01T00:00:00Z');

function seller(overrides: Partial<SellerRelayState> = {}): SellerRelayState {
  return {
    pendingMicros: 1_000_000,
    lastSignalAtMs: NOW - 60_000,
    headroom: { micros: 50_000_000, readAtMs: NOW - 10_000 },
    cycleEndsAtMs: CYCLE_END,
    ...overrides,
  };
}

test('nothing pending waits, whatever else holds', () => {
  expect(decide(seller({ pendingMicros: 0, lastSignalAtMs: null }), NOW, policy)).toBe('wait');
});

test('a seller never signalled is signalled at once', () => {
  expect(decide(seller({ lastSignalAtMs: null, headroom: null }), NOW, policy)).toBe('signal');
});

test('routine spend waits for the interval since the last signal, then is signalled', () => {
  const lastSignalAtMs = NOW - policy.signalIntervalMs + 1;
  expect(decide(seller({ lastSignalAtMs }), NOW, policy)).toBe('wait');
  expect(decide(seller({ lastSignalAtMs }), NOW + 1, policy)).toBe('signal');
});

test('pending spend that reaches the headroom is signalled at once (a limit crossing)', () => {
  expect(decide(seller({ pendingMicros: 50_000_000 }), NOW, policy)).toBe('signal');
  expect(decide(seller({ pendingMicros: 49_999_999 }), NOW, policy)).toBe('read_headroom');
});

test('spend near the headroom asks for a fresh read, but not more often than the read gap', () => {
  const near = seller({ pendingMicros: 40_000_000 });
  expect(decide(near, NOW, policy)).toBe('read_headroom');
  const justRead = { ...near, headroom: { micros: 50_000_000, readAtMs: NOW - 1 } };
  expect(decide(justRead, NOW, policy)).toBe('wait');
});

test('far from the limit, the headroom is read again only when it is older than its TTL', () => {
  const far = seller({ pendingMicros: 1_000_000 });
  expect(decide(far, NOW, policy)).toBe('wait');
  const old = { ...far, headroom: { micros: 50_000_000, readAtMs: NOW - policy.headroomTtlMs } };
  expect(decide(old, NOW, policy)).toBe('read_headroom');
});

test('past the limit (a charge running) the relay re-reads rather than signalling every pass', () => {
  const crossed = seller({
    headroom: { micros: -5_000_000, readAtMs: NOW - policy.headroomReadGapMs },
  });
  expect(decide(crossed, NOW, policy)).toBe('read_headroom');
  const fresh = seller({ headroom: { micros: -5_000_000, readAtMs: NOW - 1 } });
  expect(decide(fresh, NOW, policy)).toBe('wait');
});

test('a seller not charged at its limit (past due) is signalled only on the interval', () => {
  const pastDue = seller({
    pendingMicros: 900_000_000,
    headroom: { micros: null, readAtMs: NOW - 10_000 },
  });
  expect(decide(pastDue, NOW, policy)).toBe('wait');
});

test('pending spend is flushed once just before the cycle ends, for the cycle-end charge', () => {
  const flushAt = CYCLE_END - policy.cycleEndLeadMs;
  const headroom = { micros: 50_000_000, readAtMs: flushAt - 1_000 };
  expect(decide(seller({ lastSignalAtMs: flushAt - 60_000, headroom }), flushAt - 1, policy)).toBe(
    'wait',
  );
  expect(decide(seller({ lastSignalAtMs: flushAt - 60_000, headroom }), flushAt, policy)).toBe(
    'signal',
  );
  expect(decide(seller({ lastSignalAtMs: flushAt, headroom }), flushAt + 500, policy)).toBe('wait');
});

test('headroom is the credit limit in micros minus unbilled spend, for an active seller only', () => {
  const view = {
    status: 'active',
    creditLimitMinor: 10_000,
    currency: 'USD',
    unbilledMicros: 30_000_000,
  };
  expect(headroomOf(view as BillingStateView, NOW)).toEqual({ micros: 70_000_000, readAtMs: NOW });
  expect(headroomOf({ ...view, status: 'past_due' } as BillingStateView, NOW).micros).toBeNull();
  expect(headroomOf(null, NOW).micros).toBeNull();
  expect(headroomAfterSignal({ micros: 70_000_000, readAtMs: NOW }, 30_000_000)).toEqual({
    micros: 40_000_000,
    readAtMs: NOW,
  });
});
