// Totals of micros stay exact past 2^53: a seller spending the largest USD event every second
// for years would pass 2^53 micros within hours as a float; as decimal strings it never drifts.
import { addMicros, MAX_RELAY_BATCH_MICROS, microsTotalOf } from '../../rules';

test('adding past 2^53 stays exact', () => {
  const nearLimit = String(Number.MAX_SAFE_INTEGER);
  expect(addMicros(nearLimit, 1)).toBe('9007199254740992');
  expect(addMicros(nearLimit, 2)).toBe('9007199254740993'); // 2^53 + 1: a float would say ...992
  expect(addMicros(undefined, 5)).toBe('5');
});

test('ten years of the largest relay batch every minute is carried to the micro', () => {
  let total = '0';
  const minutes = 10 * 366 * 24 * 60;
  for (let minute = 0; minute < minutes; minute += 1)
    total = addMicros(total, MAX_RELAY_BATCH_MICROS);
  expect(total).toBe((BigInt(minutes) * BigInt(MAX_RELAY_BATCH_MICROS)).toString());
});

test('a total an older release carried as a number becomes a decimal string', () => {
  expect(microsTotalOf(123_456_789)).toBe('123456789');
  expect(microsTotalOf('42')).toBe('42');
});
