// What any text a person sends may hold, shared by the API's and the pages' input schemas: no
// NUL character, which PostgreSQL text cannot store (rules/text-characters.ts).
import { z } from 'zod';
import { STORABLE_TEXT } from '../rules';

/** Any text a client sends. */
export const text = () => z.string().regex(STORABLE_TEXT.pattern, STORABLE_TEXT.message);

/** A name a person gives something: a campaign, a marketplace, a seller. */
export const nameSchema = text().trim().min(1).max(200);
