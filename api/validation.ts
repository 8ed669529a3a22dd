// Request validation with zod: the first problem becomes a 400 naming its field. Bodies and
// query strings go through the same schemas the OpenAPI document is generated from.
import { z } from 'zod';
import { ApiError } from './errors';

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  return parseWith(schema, body, 'Invalid request body');
}

const emptyBodySchema = z.strictObject({});

/** For commands that take no body: any field sent is unknown, so refused. */
export function expectNoBody(body: unknown): void {
  parseWith(emptyBodySchema, body ?? {}, 'This request takes no body');
}

/** Query strings arrive as strings: their schemas coerce numbers and dates themselves. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  return parseWith(schema, query, 'Invalid query string');
}

function parseWith<T extends z.ZodType>(schema: T, input: unknown, fallback: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // An unknown field is named as the field at fault, below the object that refused it.
  const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue?.path;
  const field = path?.join('.') || undefined;
  const message = issue ? `${field ? `${field}: ` : ''}${issue.message}` : fallback;
  throw new ApiError(400, 'invalid_request', message, field);
}
