// The admin's exposure page (R15), on the same queries the API's exposure answer runs.
import { Router } from 'express';
import { marketplaceExposure } from '../../sellers/exposure';
import { exposureTrend } from '../../sellers/exposure-snapshots';
import type { PagesDependencies } from '../dependencies';
import { sendPage } from '../render';
import { adminsMarketplace } from '../scope';
import { ExposurePage } from './exposure';

export function exposurePagesRouter(deps: PagesDependencies): Router {
  const { db } = deps;
  const router = Router();

  router.get('/marketplaces/:id/exposure', async (req, res) => {
    const { page, marketplace } = await adminsMarketplace(db, req, req.params.id);
    sendPage(
      res,
      <ExposurePage
        page={page}
        marketplace={marketplace}
        exposure={await marketplaceExposure(db, marketplace.id)}
        trend={await exposureTrend(db, marketplace, Date.now())}
      />,
    );
  });

  return router;
}
