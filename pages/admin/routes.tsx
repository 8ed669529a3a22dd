// The admin's pages under /portal/marketplaces/:id: the sellers, paged, and the Payments
// settings, each on the same query or command the API runs.
import { Router } from 'express';
import { z } from 'zod';
import { sellersPage } from '../../sellers/queries';
import { changePaymentSettings } from '../../settings/payment-settings';
import { cursorOf } from '../components/pager';
import { command, parseForm } from '../forms';
import { noticeOf } from '../notice';
import { sendPage } from '../render';
import { ownMarketplace } from '../scope';
import type { PagesDependencies } from '../dependencies';
import { AdminHomePage } from './home';
import { creditLadderFromInput } from './ladder-input';
import { creditLimitFromInput } from './limit-input';
import { SettingsPage } from './settings';

export const ADMIN_SELLERS_PER_PAGE = 25;

const settingsForm = z.object({
  selfServiceEnabled: z.literal('on').optional(),
  defaultCreditLimit: z.string().max(64),
  invitationMode: z.enum(['self_service', 'managed']),
  creditLadderEnabled: z.literal('on').optional(),
  creditLadderSteps: z.string().max(1_000).optional(),
  creditLadderChargesPerStep: z.string().max(8).optional(),
});

export function adminPagesRouter(deps: PagesDependencies): Router {
  const { db } = deps;
  const router = Router();

  router.get('/marketplaces/:id', async (req, res) => {
    const { page, marketplace } = await ownMarketplace(db, req);
    const cursor = cursorOf(req.query);
    const { items, nextCursor } = await sellersPage(db, marketplace.id, {
      limit: ADMIN_SELLERS_PER_PAGE,
      cursor,
    });
    sendPage(
      res,
      <AdminHomePage
        page={page}
        marketplace={marketplace}
        sellers={items}
        nextCursor={nextCursor}
        paged={cursor !== undefined}
      />,
    );
  });

  router.get('/marketplaces/:id/settings', async (req, res) => {
    const { page, marketplace } = await ownMarketplace(db, req);
    sendPage(
      res,
      <SettingsPage page={page} marketplace={marketplace} notice={noticeOf(req, page.t)} />,
    );
  });

  router.post('/marketplaces/:id/settings', async (req, res) => {
    const { marketplace } = await ownMarketplace(db, req);
    const back = `/portal/marketplaces/${marketplace.id}/settings`;
    await command(res, back, back, async () => {
      const form = parseForm(settingsForm, req.body, 'invalid_request');
      const limit = creditLimitFromInput(
        form.defaultCreditLimit,
        marketplace.currency,
        'defaultCreditLimit',
      );
      const ladder =
        form.creditLadderSteps === undefined || form.creditLadderChargesPerStep === undefined
          ? {}
          : creditLadderFromInput(
              {
                enabled: form.creditLadderEnabled === 'on',
                steps: form.creditLadderSteps,
                chargesPerStep: form.creditLadderChargesPerStep,
              },
              marketplace.currency,
            );
      await changePaymentSettings(deps, marketplace, {
        selfServiceEnabled: form.selfServiceEnabled === 'on',
        defaultCreditLimitMinor: limit,
        invitationMode: form.invitationMode,
        ...ladder,
      });
      return 'settings_saved';
    });
  });

  return router;
}
