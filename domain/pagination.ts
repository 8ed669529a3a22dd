// Cursor pagination in a stable order (newest first, then id): the cursor is the last item's
// createdAt and id, so rows added meanwhile never shift a page. The queries of every capability
// page with it; the API only parses `limit` and `cursor`.
import { z } from 'zod';
import { isStorableInstant } from '../rules';
import { DomainError } from './errors';

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export const PAGE_ORDER = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

/** The where-clause of the rows after the cursor. */
export function afterCursor(cursor: string | undefined) {
  if (!cursor) return {};
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !isStorableInstant(createdAt.getTime()) || !z.uuid().safeParse(id).success) {
    throw new DomainError(400, 'invalid_request', 'cursor: not a cursor this API gave', 'cursor');
  }
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}

/** One page of rows fetched with `limit + 1`, and the cursor of the next page if there is one. */
export function pageOf<T extends { createdAt: Date; id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url')
      : null;
  return { items, nextCursor };
}
