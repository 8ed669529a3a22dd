// Totals of micros that can outgrow 2^53 over the years (a seller's spend this cycle, per
// campaign, late, and over its lifetime): carried as decimal strings and added exactly as bigint,
// so no total ever passes through a float. JSON keeps them as strings end to end.

/** A non-negative integer number of micros, as a decimal string, e.g. "12000000". */
export type MicrosTotal = string;

export function addMicros(
  total: MicrosTotal | number | undefined,
  micros: MicrosTotal | number,
): MicrosTotal {
  return (BigInt(total ?? 0) + BigInt(micros)).toString();
}

/** A total recorded as a number by an older release, or already a decimal string. */
export function microsTotalOf(value: MicrosTotal | number): MicrosTotal {
  return BigInt(value).toString();
}
