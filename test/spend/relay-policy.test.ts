// The relay's policy: routine deliveries at most once per interval, a crossing of the limit at
// once, and no delivery while a charge runs at the limit (its outcome reports a new headroom).
import {
  decide,
  DEFAULT_RELAY_POLICY,
  headroomOf,
  type SellerRelayState,
} from '../../spend/relay-policy';

const policy = DEFAULT_RELAY_POLICY;
const NOW = Date.parse('2026-03-10T12:00:00Z');
const CYCLE_END = Date.parse('2026-04-01T00:00:00Z');

function seller(overrides: Partial<SellerRelayState> = {}): SellerRelayState {
  return {
    pendingMicros: 1_000_000,
    beyondOneBatch: false,
    lastSignalAtMs: NOW - 60_000,
    headroomMicros: 50_000_000,
    cycleEndsAtMs: CYCLE_END,
    ...overrides,
  };
}

test('nothing pending waits, whatever else holds', () => {
  expect(decide(seller({ pendingMicros: 0, lastSignalAtMs: null }), NOW, policy)).toBe('wait');
});

test('a seller never delivered to is delivered to at once', () => {
  expect(decide(seller({ lastSignalAtMs: null, headroomMicros: null }), NOW, policy)).toBe(
    'signal',
  );
});

test('routine spend waits for the interval since the last delivery, then is delivered', () => {
  const lastSignalAtMs = NOW - policy.signalIntervalMs + 1;
  expect(decide(seller({ lastSignalAtMs }), NOW, policy)).toBe('wait');
  expect(decide(seller({ lastSignalAtMs }), NOW + 1, policy)).toBe('signal');
});

test.each([1, 49_999_999, 50_000_000, 50_000_001, 900_000_000])(
  'pending spend of %i micros is delivered at once exactly when it reaches the headroom',
  (pendingMicros) => {
    expect(decide(seller({ pendingMicros }), NOW, policy)).toBe(
      pendingMicros >= 50_000_000 ? 'signal' : 'wait',
    );
  },
);

test.each([0, -5_000_000])(
  'at or past the limit (headroom %i: a charge running) the relay waits for its outcome',
  (headroomMicros) => {
    expect(decide(seller({ headroomMicros, pendingMicros: 9_000_000 }), NOW, policy)).toBe('wait');
  },
);

test.each([
  ['within its headroom', 50_000_000],
  ['past due (no headroom)', null],
  ['at its limit (a charge running)', 0],
])(
  'a seller with more pending than one batch carries (%s) is delivered to every pass until drained',
  (_, headroomMicros) => {
    const busy = seller({ headroomMicros, lastSignalAtMs: NOW - 1 });
    expect(decide(busy, NOW, policy)).toBe('wait');
    expect(decide({ ...busy, beyondOneBatch: true }, NOW, policy)).toBe('signal');
  },
);

test('a seller not charged at its limit (past due, no headroom) is delivered to on the interval', () => {
  const pastDue = seller({ pendingMicros: 900_000_000, headroomMicros: null });
  expect(decide(pastDue, NOW, policy)).toBe('wait');
  expect(decide(pastDue, NOW - 60_000 + policy.signalIntervalMs, policy)).toBe('signal');
});

test('pending spend is flushed once just before the cycle ends, for the cycle-end charge', () => {
  const flushAt = CYCLE_END - policy.cycleEndLeadMs;
  const before = seller({ lastSignalAtMs: flushAt - 60_000 });
  expect(decide(before, flushAt - 1, policy)).toBe('wait');
  expect(decide(before, flushAt, policy)).toBe('signal');
  expect(decide(seller({ lastSignalAtMs: flushAt }), flushAt + 500, policy)).toBe('wait');
});

test('headroom is the credit limit in micros minus unbilled spend, for an active seller only', () => {
  const source = {
    status: 'active' as const,
    creditLimitMinor: 10_000,
    currency: 'USD',
    unbilledMicros: 30_000_000,
  };
  expect(headroomOf(source)).toBe(70_000_000);
  expect(headroomOf({ ...source, unbilledMicros: 120_000_000 })).toBe(-20_000_000);
  expect(headroomOf({ ...source, status: 'past_due' })).toBeNull();
  expect(headroomOf({ ...source, status: 'delinquent' })).toBeNull();
  expect(headroomOf({ ...source, creditLimitMinor: 0 })).toBeNull();
  expect(headroomOf(undefined)).toBeNull();
});
