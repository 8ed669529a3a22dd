// The payment history's CSV fields: RFC 4180 quoting, and no field a spreadsheet runs as a formula.
import { csvField, csvLine } from '../../payments/history-csv';
import { decimalOfMinor } from '../../rules';

test('a field starting with a formula character is prefixed, whatever follows', () => {
  for (const first of ['=', '+', '-', '@', '\t', '\r']) {
    for (const rest of ['', '1+1', 'SUM(A1:A2)', 'cmd|" /C calc"!A0']) {
      const field = csvField(`${first}${rest}`);
      const unquoted = field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
      expect(unquoted).toBe(`'${first}${rest}`);
    }
  }
  expect(csvField('Visa')).toBe('Visa');
  expect(csvField('a=b')).toBe('a=b');
});

test('commas, quotes and line breaks are quoted, quotes doubled; records end with CRLF', () => {
  expect(csvField('a,b')).toBe('"a,b"');
  expect(csvField('say "hi"')).toBe('"say ""hi"""');
  expect(csvField('two\nlines')).toBe('"two\nlines"');
  expect(csvLine(['a', 'b,c', ''])).toBe('a,"b,c",\r\n');
});

test('amounts are exact decimal strings in the currency’s digits', () => {
  expect(decimalOfMinor(12_000, 'EUR')).toBe('120.00');
  expect(decimalOfMinor(5, 'EUR')).toBe('0.05');
  expect(decimalOfMinor(1_234, 'JPY')).toBe('1234');
  expect(decimalOfMinor(1_500, 'KWD')).toBe('1.500');
  expect(decimalOfMinor(Number.MAX_SAFE_INTEGER, 'USD')).toBe('90071992547409.91');
});
