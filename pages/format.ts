// Money and dates for people, through Intl in the page's language and the marketplace's currency
// and time zone. Amounts go from integer minor units (or micros) to an exact decimal string, so
// no float ever rounds them (Intl formats the string as written).
import { decimalOfMinor, microsPerMinorUnit, minorUnitDigits } from '../rules';

export function formatMoney(
  amountMinor: number | bigint,
  currency: string,
  intlLocale: string,
): string {
  const digits = minorUnitDigits(currency);
  const format = new Intl.NumberFormat(intlLocale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl takes a decimal string exactly (ECMA-402 "Intl.NumberFormat v3"); the types lag behind.
  return format.format(decimalOfMinor(amountMinor, currency) as unknown as number);
}

/** Spend in micros, shown in whole minor units (what a charge would take; the rest carries).
 * A total over many sellers comes as a decimal string of non-negative micros, past 2^53. */
export function formatMicros(
  micros: number | string,
  currency: string,
  intlLocale: string,
): string {
  const perMinor = microsPerMinorUnit(currency);
  const minor =
    typeof micros === 'string' ? BigInt(micros) / BigInt(perMinor) : Math.floor(micros / perMinor);
  return formatMoney(minor, currency, intlLocale);
}

export function formatDateTime(instant: Date | string, timeZone: string, intlLocale: string) {
  return new Intl.DateTimeFormat(intlLocale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(instant));
}

/**
 * An amount a person typed in major units ("100", "100.5", "100,50") as integer minor units;
 * null when it is not one, or has more decimals than the currency has.
 */
export function minorFromInput(input: string, currency: string): number | null {
  const digits = minorUnitDigits(currency);
  const match = /^(\d{1,15})(?:[.,](\d*))?$/.exec(input.replace(/[\s\u00a0\u202f]/g, ''));
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  const minor = Number(`${match[1]}${fraction.padEnd(digits, '0')}`);
  return Number.isSafeInteger(minor) ? minor : null;
}
