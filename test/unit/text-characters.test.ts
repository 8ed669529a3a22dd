// Which characters client text may hold: free text refuses only NUL (PostgreSQL cannot store
// it); a spend event id, which the client matches answers on, refuses every control character.
import { text } from '../../api/input-schemas';
import { spendEventSchema } from '../../spend/validate-event';

const C0 = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code));
const CONTROL = [...C0, '\u007F'];
const PRINTABLE = [' ', '~', 'é', '\u00A0', '€', '中', '😀'];

const freeText = text();
const eventId = spendEventSchema.shape.eventId;

test('free text takes every character but NUL', () => {
  expect(freeText.safeParse('a\u0000b').success).toBe(false);
  for (const c of [...CONTROL.filter((c) => c !== '\u0000'), ...PRINTABLE]) {
    expect({ c, ok: freeText.safeParse(`a${c}b`).success }).toEqual({ c, ok: true });
  }
});

test('a spend event id refuses every control character (C0 and DEL) and takes the rest', () => {
  for (const c of CONTROL) {
    expect({ c, ok: eventId.safeParse(`a${c}b`).success }).toEqual({ c, ok: false });
  }
  for (const c of PRINTABLE) {
    expect({ c, ok: eventId.safeParse(`a${c}b`).success }).toEqual({ c, ok: true });
  }
});
