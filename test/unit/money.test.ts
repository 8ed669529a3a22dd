// Money on integers: micros to minor units rounded down, remainders and small amounts carried.
import { formatMinor, microsPerMinorUnit, minorToMicros, planCharge } from '../../rules/money';

test('a charge is whole minor units, rounded down, with the remainder carried', () => {
  expect(planCharge(105_123_456, 'USD', 50)).toEqual({
    amountMinor: 10_512,
    chargedMicros: 105_120_000,
    remainderMicros: 3_456,
  });
});

test('an amount below the minimum charge is not charged', () => {
  expect(planCharge(499_999, 'USD', 50)).toBeNull(); // 49 cents
  expect(planCharge(500_000, 'USD', 50)?.amountMinor).toBe(50);
  expect(planCharge(9_999, 'USD', 0)).toBeNull(); // less than a cent
});

test('minor units follow ISO 4217: yen has none, dinars have three decimals', () => {
  expect(microsPerMinorUnit('USD')).toBe(10_000);
  expect(microsPerMinorUnit('JPY')).toBe(1_000_000);
  expect(microsPerMinorUnit('KWD')).toBe(1_000);
  expect(planCharge(1_234_567_890, 'JPY', 50)).toMatchObject({
    amountMinor: 1_234,
    remainderMicros: 567_890,
  });
  expect(minorToMicros(100_00, 'EUR')).toBe(100_000_000);
});

test('amounts print with the currency digits', () => {
  expect(formatMinor(12_345, 'USD')).toBe('123.45 USD');
  expect(formatMinor(5, 'EUR')).toBe('0.05 EUR');
  expect(formatMinor(1_234, 'JPY')).toBe('1234 JPY');
  expect(formatMinor(1_500, 'KWD')).toBe('1.500 KWD');
});

test('micros beyond safe integers are refused, never rounded', () => {
  expect(() => minorToMicros(Number.MAX_SAFE_INTEGER, 'USD')).toThrow(RangeError);
});
