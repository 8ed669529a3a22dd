// The query parameters of a paginated list: a page size and the cursor a previous page gave
// (domain/pagination.ts reads it).
import { z } from 'zod';
import { text } from './input-schemas';

export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: text().min(1).max(200).optional(),
});
