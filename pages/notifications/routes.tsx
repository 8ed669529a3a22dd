// The notification feed pages, the admin's and the seller's own, and marking a notification read,
// on the feeds the API reads.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { notFoundError } from '../../domain/errors';
import { adminFeed, feedPage, markRead, sellerFeed, type Feed } from '../../notifications/feed';
import { cursorOf } from '../components/pager';
import { adminSections, sellerSections, type Sections } from '../components/sections';
import type { PageContext } from '../context';
import type { PagesDependencies } from '../dependencies';
import { command } from '../forms';
import { noticeOf } from '../notice';
import { sendPage } from '../render';
import { adminsMarketplace, ownSeller } from '../scope';
import { FeedPage } from './feed';

export const NOTIFICATIONS_PER_PAGE = 25;

/** Whose feed a request reads, and how its page looks. */
interface FeedOf {
  page: PageContext;
  feed: Feed;
  nav: Sections;
  base: string;
  timeZone: string;
}

export function feedPagesRouter(deps: PagesDependencies): Router {
  const { db } = deps;
  const router = Router();

  async function adminsFeed(req: Request<{ id: string }>): Promise<FeedOf> {
    const { page, marketplace } = await adminsMarketplace(db, req, req.params.id);
    return {
      page,
      feed: adminFeed(marketplace.id),
      nav: adminSections(page, marketplace.id, 'notifications'),
      base: `/portal/marketplaces/${marketplace.id}/notifications`,
      timeZone: marketplace.timeZone,
    };
  }

  async function sellersFeed(req: Request<{ id: string }>): Promise<FeedOf> {
    const { page, seller } = await ownSeller(db, req);
    return {
      page,
      feed: sellerFeed(seller.id),
      nav: sellerSections(page, seller.id, 'notifications'),
      base: `/portal/sellers/${seller.id}/notifications`,
      timeZone: seller.marketplace.timeZone,
    };
  }

  for (const [path, feedOf] of [
    ['/marketplaces/:id/notifications', adminsFeed],
    ['/sellers/:id/notifications', sellersFeed],
  ] as const) {
    router.get(path, async (req, res) => {
      await showFeed(req, res, await feedOf(req));
    });
    router.post(`${path}/:notificationId/read`, async (req, res) => {
      const { feed, base } = await feedOf(req);
      const { notificationId } = req.params;
      if (!z.uuid().safeParse(notificationId).success) throw notFoundError('Notification');
      await command(res, base, base, async () => {
        await markRead(db, feed, notificationId);
        return 'notification_read';
      });
    });
  }

  async function showFeed(req: Request, res: Response, of: FeedOf) {
    const cursor = cursorOf(req.query);
    const { items, nextCursor } = await feedPage(db, of.feed, {
      limit: NOTIFICATIONS_PER_PAGE,
      cursor,
      unreadOnly: false,
    });
    sendPage(
      res,
      <FeedPage
        page={of.page}
        nav={of.nav}
        base={of.base}
        timeZone={of.timeZone}
        notifications={items}
        nextCursor={nextCursor}
        paged={cursor !== undefined}
        notice={noticeOf(req, of.page.t)}
      />,
    );
  }

  return router;
}
