// The admin's page for one seller and its credit-limit override, on the same query and command
// the API runs (the override reaches the seller's workflow as a billing command).
import { Router } from 'express';
import { z } from 'zod';
import { sellerOfMarketplace } from '../../access/scope';
import { setCreditLimitOverride } from '../../sellers/credit-limits';
import { sellerBilling } from '../../sellers/queries';
import type { PagesDependencies } from '../dependencies';
import { command, parseForm } from '../forms';
import { noticeOf } from '../notice';
import { sendPage } from '../render';
import { creditLimitFromInput } from './limit-input';
import { adminsMarketplace } from '../scope';
import { AdminSellerPage } from './seller';

const overrideForm = z.object({ creditLimit: z.string().max(64) });

export function adminSellerPagesRouter(deps: PagesDependencies): Router {
  const { db } = deps;
  const router = Router();

  router.get('/marketplaces/:id/sellers/:sellerId', async (req, res) => {
    const { page, marketplace } = await adminsMarketplace(db, req, req.params.id);
    const seller = await sellerOfMarketplace(db, marketplace.id, req.params.sellerId);
    const { state } = await sellerBilling(deps, seller);
    sendPage(
      res,
      <AdminSellerPage
        page={page}
        marketplace={marketplace}
        seller={seller}
        billing={state}
        notice={noticeOf(req, page.t)}
      />,
    );
  });

  router.post('/marketplaces/:id/sellers/:sellerId/credit-limit', async (req, res) => {
    const { marketplace } = await adminsMarketplace(db, req, req.params.id);
    const seller = await sellerOfMarketplace(db, marketplace.id, req.params.sellerId);
    const back = `/portal/marketplaces/${marketplace.id}/sellers/${seller.id}`;
    await command(res, back, back, async () => {
      const typed = parseForm(overrideForm, req.body, 'invalid_amount').creditLimit.trim();
      // An empty field removes the override: the marketplace's default applies again.
      const override =
        typed === '' ? null : creditLimitFromInput(typed, marketplace.currency, 'creditLimit');
      const change = await setCreditLimitOverride(deps, marketplace, seller, override);
      return change.appliesFrom === 'next_cycle' ? 'limit_next_cycle' : 'limit_when_self_service';
    });
  });

  return router;
}
