// The notification feeds (R9, R10): the admins' of a marketplace and each seller's own, newest
// first, paginated by cursor; marking one read.
import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import type { Notification, Prisma } from '../../generated/prisma';
import { notFound } from '../errors';
import type { RouteDoc } from '../openapi/route-doc';
import { idSchema, instantOutSchema, pageSchema } from '../response-schemas';
import { afterCursor, PAGE_ORDER, pageOf, pageQuerySchema } from '../pagination';
import { isUuid, scopedMarketplace, scopedSeller } from '../scope';
import { expectNoBody, parseQuery } from '../validation';

export const notificationsQuerySchema = pageQuerySchema.extend({
  unread: z.enum(['true', 'false']).optional(),
});

const notificationSchema = z.strictObject({
  id: idSchema,
  kind: z.string(),
  sellerId: idSchema.nullable(),
  subject: z.string(),
  body: z.string(),
  createdAt: instantOutSchema,
  readAt: instantOutSchema.nullable(),
});
const feedPageAnswer = {
  description: 'A page of notifications and the next cursor.',
  schema: pageSchema('notifications', notificationSchema),
};
const readAnswer = {
  description: 'The notification.',
  schema: z.strictObject({ notification: notificationSchema }),
};

export const notificationsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/marketplaces/:id/notifications',
    summary: 'The admins’ notification feed (every seller payment, failures).',
    roles: ['marketplace_admin'],
    query: notificationsQuerySchema,
    responses: { 200: feedPageAnswer },
  },
  {
    method: 'post',
    path: '/marketplaces/:id/notifications/:notificationId/read',
    summary: 'Mark an admin notification read.',
    roles: ['marketplace_admin'],
    responses: { 200: readAnswer },
  },
  {
    method: 'get',
    path: '/sellers/:id/notifications',
    summary: 'The seller’s notification feed (payments made and failed, invitations).',
    roles: ['seller'],
    query: notificationsQuerySchema,
    responses: { 200: feedPageAnswer },
  },
  {
    method: 'post',
    path: '/sellers/:id/notifications/:notificationId/read',
    summary: 'Mark a seller notification read.',
    roles: ['seller'],
    responses: { 200: readAnswer },
  },
];

export function notificationsRouter(deps: { db: Database }): Router {
  const { db } = deps;
  const router = Router();

  router.get('/marketplaces/:id/notifications', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    res.json(await feedPage(db, adminFeed(marketplace.id), req.query));
  });

  router.post('/marketplaces/:id/notifications/:notificationId/read', async (req, res) => {
    expectNoBody(req.body);
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    res.json(await markRead(db, adminFeed(marketplace.id), req.params.notificationId));
  });

  router.get('/sellers/:id/notifications', async (req, res) => {
    const { seller } = await scopedSeller(db, req, req.params.id, 'seller');
    res.json(await feedPage(db, sellerFeed(seller.id), req.query));
  });

  router.post('/sellers/:id/notifications/:notificationId/read', async (req, res) => {
    expectNoBody(req.body);
    const { seller } = await scopedSeller(db, req, req.params.id, 'seller');
    res.json(await markRead(db, sellerFeed(seller.id), req.params.notificationId));
  });

  return router;
}

async function feedPage(db: Database, feed: Prisma.NotificationWhereInput, rawQuery: unknown) {
  const query = parseQuery(notificationsQuerySchema, rawQuery);
  const rows = await db.notification.findMany({
    where: {
      AND: [feed, query.unread === 'true' ? { readAt: null } : {}, afterCursor(query.cursor)],
    },
    orderBy: PAGE_ORDER,
    take: query.limit + 1,
  });
  const { items, nextCursor } = pageOf(rows, query.limit);
  return { notifications: items.map(notificationView), nextCursor };
}

async function markRead(db: Database, feed: Prisma.NotificationWhereInput, id: string) {
  const notification = isUuid(id)
    ? await db.notification.findFirst({ where: { AND: [feed, { id }] } })
    : null;
  if (!notification) throw notFound('Notification');
  const read = notification.readAt
    ? notification
    : await db.notification.update({ where: { id }, data: { readAt: new Date() } });
  return { notification: notificationView(read) };
}

const adminFeed = (marketplaceId: string) => ({ marketplaceId, recipientRole: 'admin' });
const sellerFeed = (sellerId: string) => ({ sellerId, recipientRole: 'seller' });

function notificationView(notification: Notification) {
  return {
    id: notification.id,
    kind: notification.kind,
    sellerId: notification.sellerId,
    subject: notification.subject,
    body: notification.body,
    createdAt: notification.createdAt.toISOString(),
    readAt: notification.readAt?.toISOString() ?? null,
  };
}
