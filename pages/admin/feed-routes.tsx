// The admin's notification feed page and marking a notification read, on the feed the API reads.
import { Router } from 'express';
import { z } from 'zod';
import { notFoundError } from '../../domain/errors';
import { adminFeed, feedPage, markRead } from '../../notifications/feed';
import { cursorOf } from '../components/pager';
import type { PagesDependencies } from '../dependencies';
import { command } from '../forms';
import { noticeOf } from '../notice';
import { sendPage } from '../render';
import { FeedPage } from './feed';
import { adminsMarketplace } from '../scope';

export const NOTIFICATIONS_PER_PAGE = 25;

export function feedPagesRouter(deps: PagesDependencies): Router {
  const { db } = deps;
  const router = Router();

  router.get('/marketplaces/:id/notifications', async (req, res) => {
    const { page, marketplace } = await adminsMarketplace(db, req, req.params.id);
    const cursor = cursorOf(req.query);
    const { items, nextCursor } = await feedPage(db, adminFeed(marketplace.id), {
      limit: NOTIFICATIONS_PER_PAGE,
      cursor,
      unreadOnly: false,
    });
    sendPage(
      res,
      <FeedPage
        page={page}
        marketplace={marketplace}
        notifications={items}
        nextCursor={nextCursor}
        paged={cursor !== undefined}
        notice={noticeOf(req, page.t)}
      />,
    );
  });

  router.post('/marketplaces/:id/notifications/:notificationId/read', async (req, res) => {
    const { marketplace } = await adminsMarketplace(db, req, req.params.id);
    const { notificationId } = req.params;
    if (!z.uuid().safeParse(notificationId).success) throw notFoundError('Notification');
    const back = `/portal/marketplaces/${marketplace.id}/notifications`;
    await command(res, back, back, async () => {
      await markRead(db, adminFeed(marketplace.id), notificationId);
      return 'notification_read';
    });
  });

  return router;
}
