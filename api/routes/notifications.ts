// The notification feeds (R9, R10): the admins' of a marketplace and each seller's own, newest
// first, paginated by cursor; marking one read.
import { Router } from 'express';
import { z } from 'zod';
import type { ApiDependencies } from '../app';
import { adminFeed, feedPage, markRead, sellerFeed, type Feed } from '../../notifications/feed';
import { notificationView } from '../../notifications/views';
import { notFound } from '../errors';
import type { RouteDoc } from '../openapi/route-doc';
import { idSchema, instantOutSchema, pageSchema } from '../response-schemas';
import { pageQuerySchema } from '../pagination';
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

export function notificationsRouter(deps: Pick<ApiDependencies, 'db'>): Router {
  const { db } = deps;
  const router = Router();

  router.get('/marketplaces/:id/notifications', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    res.json(await page(db, adminFeed(marketplace.id), req.query));
  });

  router.post('/marketplaces/:id/notifications/:notificationId/read', async (req, res) => {
    expectNoBody(req.body);
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    res.json(await read(db, adminFeed(marketplace.id), req.params.notificationId));
  });

  router.get('/sellers/:id/notifications', async (req, res) => {
    const { seller } = await scopedSeller(db, req, req.params.id, 'seller');
    res.json(await page(db, sellerFeed(seller.id), req.query));
  });

  router.post('/sellers/:id/notifications/:notificationId/read', async (req, res) => {
    expectNoBody(req.body);
    const { seller } = await scopedSeller(db, req, req.params.id, 'seller');
    res.json(await read(db, sellerFeed(seller.id), req.params.notificationId));
  });

  return router;
}

async function page(db: ApiDependencies['db'], feed: Feed, rawQuery: unknown) {
  const query = parseQuery(notificationsQuerySchema, rawQuery);
  const { items, nextCursor } = await feedPage(db, feed, {
    ...query,
    unreadOnly: query.unread === 'true',
  });
  return { notifications: items.map(notificationView), nextCursor };
}

async function read(db: ApiDependencies['db'], feed: Feed, id: string) {
  if (!isUuid(id)) throw notFound('Notification');
  return { notification: notificationView(await markRead(db, feed, id)) };
}
