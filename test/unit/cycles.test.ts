// Billing cycles are calendar months in the marketplace's time zone, across DST and year ends.
import {
  billingCycleContaining,
  localDay,
  localDayBefore,
  nextBillingCycle,
} from '../../rules/cycles';

const iso = (ms: number) => new Date(ms).toISOString();

test('a UTC cycle runs from midnight on the 1st to midnight on the next 1st', () => {
  const cycle = billingCycleContaining(Date.parse('2026-11-26T17:00:00Z'), 'UTC');
  expect([iso(cycle.startsAtMs), iso(cycle.endsAtMs)]).toEqual([
    '2026-11-01T00:00:00.000Z',
    '2026-12-01T00:00:00.000Z',
  ]);
});

test('a New York cycle starts at local midnight, under daylight time on 1 November and standard time on 1 December', () => {
  const cycle = billingCycleContaining(Date.parse('2026-11-15T12:00:00Z'), 'America/New_York');
  expect([iso(cycle.startsAtMs), iso(cycle.endsAtMs)]).toEqual([
    '2026-11-01T04:00:00.000Z',
    '2026-12-01T05:00:00.000Z',
  ]);
});

test('the last local hour of a month still belongs to it', () => {
  // 23:30 on 30 November in New York is 04:30 UTC on 1 December.
  const cycle = billingCycleContaining(Date.parse('2026-12-01T04:30:00Z'), 'America/New_York');
  expect(iso(cycle.startsAtMs)).toBe('2026-11-01T04:00:00.000Z');
});

test('cycles chain across a year end in a zone ahead of UTC', () => {
  const december = billingCycleContaining(Date.parse('2026-12-10T00:00:00Z'), 'Pacific/Auckland');
  const january = nextBillingCycle(december, 'Pacific/Auckland');
  expect(iso(december.endsAtMs)).toBe(iso(january.startsAtMs));
  expect(iso(january.startsAtMs)).toBe('2026-12-31T11:00:00.000Z'); // NZDT is UTC+13
  expect(iso(january.endsAtMs)).toBe('2027-01-31T11:00:00.000Z');
});

test('twelve chained cycles cover a year with no gap and no overlap', () => {
  let cycle = billingCycleContaining(Date.parse('2026-01-15T00:00:00Z'), 'Europe/Paris');
  const starts = [iso(cycle.startsAtMs)];
  for (let i = 0; i < 12; i += 1) {
    const next = nextBillingCycle(cycle, 'Europe/Paris');
    expect(next.startsAtMs).toBe(cycle.endsAtMs);
    cycle = next;
    starts.push(iso(cycle.startsAtMs));
  }
  expect(starts[0]).toBe('2025-12-31T23:00:00.000Z');
  expect(starts[3]).toBe('2026-03-31T22:00:00.000Z'); // summer time from the last Sunday of March
  expect(starts[12]).toBe('2026-12-31T23:00:00.000Z');
});

test('the local day before an instant: its date and the instants it runs between, across DST', () => {
  // 02:00 in Paris on 27 October 2025 reconciles 26 October, a 25-hour day (summer time ends).
  expect(localDayBefore(Date.parse('2025-10-27T01:00:00Z'), 'Europe/Paris')).toEqual({
    day: '2025-10-26',
    startsAtMs: Date.parse('2025-10-25T22:00:00Z'),
    endsAtMs: Date.parse('2025-10-26T23:00:00Z'),
  });
  // Just after local midnight on 1 January in Auckland, UTC is still on 31 December.
  expect(localDayBefore(Date.parse('2025-12-31T11:30:00Z'), 'Pacific/Auckland')).toMatchObject({
    day: '2025-12-31',
  });
  // A 23-hour day: New York springs forward on 8 March 2026; 1 March follows 28 February.
  expect(localDay('2026-03-08', 'America/New_York')).toEqual({
    day: '2026-03-08',
    startsAtMs: Date.parse('2026-03-08T05:00:00Z'),
    endsAtMs: Date.parse('2026-03-09T04:00:00Z'),
  });
  expect(localDayBefore(Date.parse('2026-03-01T12:00:00Z'), 'UTC').day).toBe('2026-02-28');
});
