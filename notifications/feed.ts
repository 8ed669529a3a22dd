// The notification feeds (R9, R10): the admins' of a marketplace and each seller's own, newest
// first, optionally only unread ones; marking one read.
import type { Database } from '../db/client';
import { notFoundError } from '../domain/errors';
import { afterCursor, PAGE_ORDER, pageOf, type PageRequest } from '../domain/pagination';
import type { Notification } from '../generated/prisma';

/** Whose feed: a marketplace's admins or one seller. */
export type Feed =
  { marketplaceId: string; recipientRole: 'admin' } | { sellerId: string; recipientRole: 'seller' };

export const adminFeed = (marketplaceId: string): Feed => ({
  marketplaceId,
  recipientRole: 'admin',
});
export const sellerFeed = (sellerId: string): Feed => ({ sellerId, recipientRole: 'seller' });

export async function feedPage(
  db: Database,
  feed: Feed,
  request: PageRequest & { unreadOnly: boolean },
) {
  const rows = await db.notification.findMany({
    where: { AND: [feed, request.unreadOnly ? { readAt: null } : {}, afterCursor(request.cursor)] },
    orderBy: PAGE_ORDER,
    take: request.limit + 1,
  });
  return pageOf(rows, request.limit);
}

/** Marks the feed's notification read (once: a second call keeps the first time). */
export async function markRead(db: Database, feed: Feed, id: string): Promise<Notification> {
  const notification = await db.notification.findFirst({ where: { AND: [feed, { id }] } });
  if (!notification) throw notFoundError('Notification');
  return notification.readAt
    ? notification
    : db.notification.update({ where: { id }, data: { readAt: new Date() } });
}
