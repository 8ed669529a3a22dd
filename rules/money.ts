// Money arithmetic on integers: spend in micros (1e-6 of the currency unit), charges in the
// currency's minor units. Sub-minor remainders and amounts below the minimum charge carry over.

export const MICROS_PER_UNIT = 1_000_000;

// ISO 4217 currencies whose minor unit is not 1/100 (the rest use two decimals).
const ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
const THREE_DECIMAL = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

export function isCurrencyCode(value: string): boolean {
  return /^[A-Z]{3}$/.test(value);
}

export function minorUnitDigits(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

export function microsPerMinorUnit(currency: string): number {
  return MICROS_PER_UNIT / 10 ** minorUnitDigits(currency);
}

export function minorToMicros(amountMinor: number, currency: string): number {
  return assertSafeInteger(amountMinor * microsPerMinorUnit(currency), 'micros');
}

export interface ChargePlan {
  amountMinor: number;
  /** The part of the unbilled spend this charge settles: amountMinor in micros. */
  chargedMicros: number;
  /** What stays unbilled: the sub-minor remainder. */
  remainderMicros: number;
}

/**
 * What to charge for `unbilledMicros`: whole minor units, rounded down. Returns null when the
 * amount is below the processor's minimum charge, so the spend carries over to the next charge.
 */
export function planCharge(
  unbilledMicros: number,
  currency: string,
  minimumChargeMinor: number,
): ChargePlan | null {
  const perMinor = microsPerMinorUnit(currency);
  const amountMinor = Math.floor(unbilledMicros / perMinor);
  if (amountMinor <= 0 || amountMinor < minimumChargeMinor) return null;
  const chargedMicros = amountMinor * perMinor;
  return { amountMinor, chargedMicros, remainderMicros: unbilledMicros - chargedMicros };
}

export function assertSafeInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer`);
  return value;
}

/** Integer minor units as an exact decimal string in major units, e.g. 12000 EUR → "120.00". */
export function decimalOfMinor(amountMinor: number | bigint, currency: string): string {
  const digits = minorUnitDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = String(amountMinor)
    .replace('-', '')
    .padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${abs}`;
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** Formats minor units for people, e.g. 12345 USD → "123.45 USD". */
export function formatMinor(amountMinor: number, currency: string): string {
  return `${decimalOfMinor(amountMinor, currency)} ${currency}`;
}
