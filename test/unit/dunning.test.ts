// Dunning dates: retries on the marketplace's schedule of days from the first failure (R7).
import { nextDunningRetryAtMs, scheduledRetriesDoneAfter } from '../../rules/dunning';

const DAY_MS = 24 * 60 * 60 * 1000;
const firstFailedAtMs = Date.parse('2026-11-10T12:00:00Z');

test('the initial failure makes no scheduled retry, each scheduled retry one, a card update none', () => {
  expect(scheduledRetriesDoneAfter(null, false)).toBe(0);
  expect(scheduledRetriesDoneAfter(0, false)).toBe(1);
  expect(scheduledRetriesDoneAfter(2, false)).toBe(3);
  expect(scheduledRetriesDoneAfter(0, true)).toBe(0);
  expect(scheduledRetriesDoneAfter(2, true)).toBe(2);
});

test('each retry falls on its day counted from the first failure, not from the last one', () => {
  const schedule = [1, 3, 7];
  const retries = [0, 1, 2].map((done) =>
    nextDunningRetryAtMs(schedule, done, firstFailedAtMs, firstFailedAtMs + done * DAY_MS),
  );
  expect(retries).toEqual([
    firstFailedAtMs + 1 * DAY_MS,
    firstFailedAtMs + 3 * DAY_MS,
    firstFailedAtMs + 7 * DAY_MS,
  ]);
});

test('once every scheduled retry is made there is no next retry (the seller is delinquent)', () => {
  expect(nextDunningRetryAtMs([1, 3, 7], 3, firstFailedAtMs, firstFailedAtMs)).toBeNull();
  expect(nextDunningRetryAtMs([], 0, firstFailedAtMs, firstFailedAtMs)).toBeNull();
});

test('a retry whose day has already passed runs now, never in the past', () => {
  const late = firstFailedAtMs + 5 * DAY_MS;
  expect(nextDunningRetryAtMs([1, 3, 7], 1, firstFailedAtMs, late)).toBe(late);
});
