// The pages' money and dates: Intl in the page's language, the currency's own minor unit, exact
// integer amounts; and the language chosen from Accept-Language.
import { formatDateTime, formatMicros, formatMoney, minorFromInput } from '../../pages/format';
import { localeFromAcceptLanguage } from '../../pages/i18n';

/** Intl separates groups and symbols with no-break spaces; compare with plain ones. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

test.each([
  [12000, 'EUR', 'fr-FR', '120,00 €'],
  [12000, 'EUR', 'en-US', '€120.00'],
  [5, 'EUR', 'fr-FR', '0,05 €'],
  [-12345, 'USD', 'en-US', '-$123.45'],
  [12000, 'JPY', 'en-US', '¥12,000'],
  [12000, 'JPY', 'fr-FR', '12 000 JPY'],
  [1234567, 'KWD', 'en-US', 'KWD 1,234.567'],
  [1, 'KWD', 'fr-FR', '0,001 KWD'],
  // Past 2^53 / 100 a float would round the cents; the decimal string keeps them.
  [9_007_199_254_740_991, 'USD', 'en-US', '$90,071,992,547,409.91'],
])('%i minor units of %s in %s read %s', (minor, currency, locale, expected) => {
  expect(plain(formatMoney(minor, currency, locale))).toBe(expected);
});

test('micros show as whole minor units, rounded down', () => {
  expect(plain(formatMicros(120_009_999, 'EUR', 'fr-FR'))).toBe('120,00 €');
  expect(plain(formatMicros(1_500_000, 'JPY', 'en-US'))).toBe('¥1');
  expect(plain(formatMicros(1_999, 'KWD', 'en-US'))).toBe('KWD 0.001');
});

test.each([
  ['9200000000000012345', 'USD', 'en-US', '$9,200,000,000,000.01'],
  ['9200000000000019999', 'EUR', 'fr-FR', '9 200 000 000 000,01 €'],
  ['18446744073709551615000', 'JPY', 'en-US', '¥18,446,744,073,709,551'],
  ['0', 'KWD', 'en-US', 'KWD 0.000'],
])(
  'a total of %s micros (past 2^53) in %s and %s reads %s, rounded down exactly',
  (micros, currency, locale, expected) => {
    expect(plain(formatMicros(micros, currency, locale))).toBe(expected);
  },
);

test('dates are shown in the marketplace time zone', () => {
  const instant = '2026-11-30T23:30:00Z';
  expect(plain(formatDateTime(instant, 'Europe/Paris', 'fr-FR'))).toBe('1 décembre 2026 à 00:30');
  expect(plain(formatDateTime(instant, 'America/New_York', 'en-US'))).toBe(
    'November 30, 2026 at 6:30 PM',
  );
});

test.each([
  [undefined, 'en'],
  ['', 'en'],
  ['fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
  ['de-DE,fr;q=0.5,en;q=0.7', 'en'],
  ['de-DE,fr;q=0.5', 'fr'],
  ['en;q=0, fr-CA', 'fr'],
  ['*', 'en'],
])('Accept-Language %p picks %s', (header, locale) => {
  expect(localeFromAcceptLanguage(header)).toBe(locale);
});

test.each([
  ['100', 'EUR', 10_000],
  ['100.5', 'EUR', 10_050],
  ['100,50', 'EUR', 10_050],
  [' 1 000,00 ', 'EUR', 100_000],
  ['12000', 'JPY', 12_000],
  ['1.234', 'KWD', 1_234],
  ['0.1', 'USD', 10],
])('"%s" %s reads %i minor units', (input, currency, minor) => {
  expect(minorFromInput(input, currency)).toBe(minor);
});

test.each([
  ['', 'EUR'],
  ['abc', 'EUR'],
  ['-5', 'EUR'],
  ['1.005', 'EUR'],
  ['12.5', 'JPY'],
  ['1,000.00', 'USD'],
  ['1e3', 'USD'],
  ['99999999999999999', 'USD'],
])('"%s" %s is no amount', (input, currency) => {
  expect(minorFromInput(input, currency)).toBeNull();
});
