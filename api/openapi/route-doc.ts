// What the OpenAPI document says about one route: each router lists its routes with the very
// zod schemas that validate their requests, so the document cannot drift from the checks.
import type { z } from 'zod';
import type { Role } from '../api-keys';

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path under /v1, e.g. `/sellers/:id/campaigns`. */
  path: string;
  summary: string;
  /** Roles whose keys may call it; empty for routes without an API key. */
  roles: Role[];
  body?: z.ZodType;
  query?: z.ZodType;
  responses: Record<number, string>;
}
