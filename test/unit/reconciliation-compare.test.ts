// R16: the pure comparison of a day's records with the gateway's finds every kind of difference,
// matches records across the day's edges, and reports each difference on exactly one day.
import {
  compareRecords,
  MATCHING_MARGIN_MS,
  type ComparedRecord,
  type OurRecord,
} from '../../reconciliation/compare';

const HOUR = 60 * 60 * 1000;
const day = { startsAtMs: Date.UTC(2026, 10, 20), endsAtMs: Date.UTC(2026, 10, 21) };
const noon = day.startsAtMs + 12 * HOUR;

function ours(gatewayId: string, overrides: Partial<OurRecord> = {}): OurRecord {
  return {
    recordKind: 'charge',
    id: `00000000-0000-4000-8000-${gatewayId.padStart(12, '0').slice(-12)}`,
    sellerId: '11111111-1111-4111-8111-111111111111',
    gatewayId,
    amountMinor: 10_000,
    currency: 'EUR',
    status: 'succeeded',
    occurredAtMs: noon,
    ...overrides,
  };
}

function theirs(gatewayId: string, overrides: Partial<ComparedRecord> = {}): ComparedRecord {
  return {
    recordKind: 'charge',
    gatewayId,
    amountMinor: 10_000,
    currency: 'EUR',
    status: 'succeeded',
    occurredAtMs: noon,
    ...overrides,
  };
}

test('records that agree give no difference; each kind of disagreement is one difference', () => {
  const differences = compareRecords(
    day,
    [
      ours('pi_same'),
      ours('pi_only_ours'),
      ours('pi_amount', { amountMinor: 4_000 }),
      ours('pi_currency', { currency: 'USD' }),
      ours('pi_status', { status: 'succeeded' }),
    ],
    [
      theirs('pi_same'),
      theirs('pi_only_theirs', { amountMinor: 2_500 }),
      theirs('pi_amount', { amountMinor: 5_000 }),
      theirs('pi_currency'),
      theirs('pi_status', { status: 'failed' }),
    ],
  );
  expect(
    differences.map((d) => [
      d.kind,
      d.gatewayId,
      d.ourAmountMinor,
      d.gatewayAmountMinor,
      d.ourStatus,
      d.gatewayStatus,
    ]),
  ).toEqual([
    ['missing_at_gateway', 'pi_only_ours', 10_000, null, 'succeeded', null],
    ['amount_mismatch', 'pi_amount', 4_000, 5_000, 'succeeded', 'succeeded'],
    ['amount_mismatch', 'pi_currency', 10_000, 10_000, 'succeeded', 'succeeded'],
    ['status_mismatch', 'pi_status', 10_000, 10_000, 'succeeded', 'failed'],
    ['missing_in_database', 'pi_only_theirs', null, 2_500, null, 'succeeded'],
  ]);
  expect(differences[0]).toMatchObject({ ourRecordId: ours('pi_only_ours').id });
  expect(differences[4]).toMatchObject({ ourRecordId: null, sellerId: null });
});

test('a pair split by midnight matches; one-sided records belong to their own day only', () => {
  const beforeMidnight = day.endsAtMs - 1_000;
  const afterMidnight = day.endsAtMs + 1_000;
  const split = [ours('pi_split', { occurredAtMs: beforeMidnight })];
  const splitAtGateway = [theirs('pi_split', { occurredAtMs: afterMidnight })];
  expect(compareRecords(day, split, splitAtGateway)).toEqual([]);
  const nextDay = { startsAtMs: day.endsAtMs, endsAtMs: day.endsAtMs + 24 * HOUR };
  expect(compareRecords(nextDay, split, splitAtGateway)).toEqual([]);

  // Read within the margin but outside the day: reported on their own day, not this one.
  const lateOurs = [ours('pi_late', { occurredAtMs: day.endsAtMs + MATCHING_MARGIN_MS / 2 })];
  const earlyTheirs = [theirs('pi_early', { occurredAtMs: day.startsAtMs - 1_000 })];
  expect(compareRecords(day, lateOurs, earlyTheirs)).toEqual([]);
  expect(compareRecords(nextDay, lateOurs, []).map((d) => d.kind)).toEqual(['missing_at_gateway']);
});

test('a payment still waiting for 3-D Secure is no difference until the gateway has it', () => {
  const waiting = ours('pi_waiting', { status: 'pending' });
  expect(compareRecords(day, [waiting], [])).toEqual([]);
  expect(
    compareRecords(day, [waiting], [theirs('pi_waiting', { status: 'succeeded' })]).map(
      (d) => d.kind,
    ),
  ).toEqual(['status_mismatch']);
});

test('a charge and a refund with the same gateway id are different records', () => {
  const refund = theirs('re_1', { recordKind: 'refund', amountMinor: 300 });
  expect(compareRecords(day, [ours('re_1')], [refund]).map((d) => [d.kind, d.recordKind])).toEqual([
    ['missing_at_gateway', 'charge'],
    ['missing_in_database', 'refund'],
  ]);
});

test('refunds are compared like charges: each kind of disagreement is one difference of a refund', () => {
  const refund = { recordKind: 'refund' as const, amountMinor: 1_000 };
  const differences = compareRecords(
    day,
    [
      ours('pi_charge'),
      ours('re_same', refund),
      ours('re_only_ours', refund),
      ours('re_amount', { ...refund, amountMinor: 1_500 }),
      ours('re_status', { ...refund, status: 'pending' }),
    ],
    [
      theirs('pi_charge'),
      theirs('re_same', refund),
      theirs('re_only_theirs', { ...refund, amountMinor: 600 }),
      theirs('re_amount', { ...refund, amountMinor: 2_000 }),
      theirs('re_status', refund),
    ],
  );
  expect(
    differences.map((d) => [
      d.kind,
      d.recordKind,
      d.gatewayId,
      d.ourAmountMinor,
      d.gatewayAmountMinor,
      d.ourStatus,
      d.gatewayStatus,
    ]),
  ).toEqual([
    ['missing_at_gateway', 'refund', 're_only_ours', 1_000, null, 'succeeded', null],
    ['amount_mismatch', 'refund', 're_amount', 1_500, 2_000, 'succeeded', 'succeeded'],
    ['status_mismatch', 'refund', 're_status', 1_000, 1_000, 'pending', 'succeeded'],
    ['missing_in_database', 'refund', 're_only_theirs', null, 600, null, 'succeeded'],
  ]);
});

test('a refund the gateway took and the bank has not confirmed is missing if the gateway lists none', () => {
  // Unlike a charge awaiting 3-D Secure, a refund exists at the gateway as soon as it has an id.
  const processing = ours('re_processing', { recordKind: 'refund', status: 'pending' });
  expect(compareRecords(day, [processing], []).map((d) => [d.kind, d.recordKind])).toEqual([
    ['missing_at_gateway', 'refund'],
  ]);
});
