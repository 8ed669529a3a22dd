// The admin's Stripe Connect pages: the connection's status, "Connect now" (to Stripe's
// onboarding), and the pages Stripe sends the admin back to: return (the status read afresh) and
// refresh (an expired onboarding link: onboarding starts again), or, when the portal session
// ended meanwhile, how to come back. The same commands as the API.
import { Router, type Request, type Response } from 'express';
import { refreshConnection, startOnboarding } from '../../payments/connect';
import { MessagePage } from '../components/message-page';
import { pageContextOf } from '../context';
import type { PagesDependencies } from '../dependencies';
import { command, redirectAfter } from '../forms';
import { noticeOf } from '../notice';
import { sendPage } from '../render';
import { adminsMarketplace } from '../scope';
import { StripePage } from './stripe';

export function stripePagesRouter(deps: PagesDependencies): Router {
  const { db } = deps;
  const { gateway, connect } = deps.payments;
  const router = Router();
  const statusPage = (marketplaceId: string) => `/portal/marketplaces/${marketplaceId}/stripe`;

  router.get('/marketplaces/:id/stripe', async (req, res) => {
    const { page, marketplace } = await adminsMarketplace(db, req, req.params.id);
    sendPage(
      res,
      <StripePage page={page} marketplace={marketplace} notice={noticeOf(req, page.t)} />,
      { policy: 'connect' },
    );
  });

  router.post('/marketplaces/:id/stripe/connect', async (req, res) => {
    await onboard(req, res, req.params.id);
  });

  router.post('/marketplaces/:id/stripe/refresh', async (req, res) => {
    const { marketplace } = await adminsMarketplace(db, req, req.params.id);
    const back = statusPage(marketplace.id);
    await command(res, back, back, async () => {
      await refreshConnection({ db, gateway }, marketplace);
      return 'stripe_checked';
    });
  });

  /**
   * Without a live session the admin is only told how to come back: these addresses name no
   * marketplace, so nothing of one is read or shown.
   */
  router.get(['/stripe/return', '/stripe/refresh'], (req, res, next) => {
    const page = pageContextOf(req);
    if (page.session) return next();
    sendPage(
      res,
      <MessagePage
        page={page}
        title="admin.stripe.sessionEnded.title"
        body="admin.stripe.sessionEnded.body"
      />,
      { status: 401 },
    );
  });

  /** Stripe's return_url: the admin is back from onboarding; read the account afresh. */
  router.get('/stripe/return', async (req, res) => {
    const { marketplace } = await adminsMarketplace(db, req);
    const back = statusPage(marketplace.id);
    await command(res, back, back, async () => {
      await refreshConnection({ db, gateway }, marketplace);
      return 'stripe_returned';
    });
  });

  /** Stripe's refresh_url: the onboarding link expired or was used; start onboarding again. */
  router.get('/stripe/refresh', async (req, res) => {
    await onboard(req, res);
  });

  async function onboard(req: Request, res: Response, id?: string) {
    const { marketplace } = await adminsMarketplace(db, req, id);
    await redirectAfter(res, statusPage(marketplace.id), async () => {
      const { onboardingUrl } = await startOnboarding({ db, gateway, connect }, marketplace);
      return onboardingUrl;
    });
  }

  return router;
}
