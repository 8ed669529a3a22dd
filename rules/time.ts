// Lengths of time the rules count in: a day of wall-clock milliseconds (UTC days, no time zone).

export const DAY_MS = 24 * 60 * 60 * 1000;
