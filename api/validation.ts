// Request validation with zod: the first problem becomes a 400 naming its field.
import type { z } from 'zod';
import { ApiError } from './errors';

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || undefined;
  const message = issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'Invalid request body';
  throw new ApiError(400, 'invalid_request', message, field);
}
