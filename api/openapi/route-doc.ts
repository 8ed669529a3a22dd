// What the OpenAPI document says about one route: each router lists its routes with the very
// zod schemas that validate their requests and describe their answers, so the document cannot
// drift from the checks.
import type { z } from 'zod';
import type { Role } from '../../access/api-keys';

/** A success answer: a JSON body and its schema, or a body of another type (a PDF, a page). */
export type SuccessDoc =
  { description: string; schema: z.ZodType } | { description: string; contentType: string };

/** The 503 of a route that needs Temporal (temporal/bounded-call.ts); it carries Retry-After. */
export const TEMPORAL_UNAVAILABLE =
  'temporal_unavailable: billing cannot reach Temporal right now; try again after Retry-After seconds.';

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path under /v1, e.g. `/sellers/:id/campaigns`; every path parameter is a UUID. */
  path: string;
  summary: string;
  /** Roles whose keys may call it; empty for routes without an API key. */
  roles: Role[];
  body?: z.ZodType;
  query?: z.ZodType;
  /** Success statuses with their bodies; error statuses (4xx) with what they mean. */
  responses: Record<number, SuccessDoc | string>;
}
