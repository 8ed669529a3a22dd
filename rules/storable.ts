// What PostgreSQL can store of the instants clients send: the years 0001–9999 (before year 1 it
// refuses them; past 9999 ISO 8601 needs a sign and six digits). Text: rules/text-characters.ts.

const FIRST_STORABLE_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_STORABLE_MS = Date.parse('9999-12-31T23:59:59.999Z');

export function isStorableInstant(ms: number): boolean {
  return ms >= FIRST_STORABLE_MS && ms <= LAST_STORABLE_MS;
}
