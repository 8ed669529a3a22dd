// What PostgreSQL can store of what clients send: text without U+0000 (its text type refuses
// it), and instants in the years 0001–9999 (before year 1 it refuses them; past 9999 ISO 8601
// needs a sign and six digits).

// eslint-disable-next-line no-control-regex -- U+0000 is exactly the character refused
export const STORABLE_TEXT = /^[^\u0000]*$/;

const FIRST_STORABLE_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_STORABLE_MS = Date.parse('9999-12-31T23:59:59.999Z');

export function isStorableInstant(ms: number): boolean {
  return ms >= FIRST_STORABLE_MS && ms <= LAST_STORABLE_MS;
}
