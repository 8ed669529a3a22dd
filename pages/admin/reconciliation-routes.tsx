// The admin's reconciliation pages (R16) and the form that reconciles a past day now, on the
// queries and the command the API runs.
import { Router } from 'express';
import { z } from 'zod';
import { reconcileOnDemand } from '../../reconciliation/on-demand';
import {
  reconciliationRunsPage,
  reconciliationRunWithDifferences,
} from '../../reconciliation/queries';
import { ReconciliationSchedules } from '../../temporal/reconciliation-schedules';
import { cursorOf } from '../components/pager';
import type { PagesDependencies } from '../dependencies';
import { command, parseForm } from '../forms';
import { noticeOf } from '../notice';
import { sendPage } from '../render';
import { adminsMarketplace, pathId } from '../scope';
import { ReconciliationPage, ReconciliationsPage } from './reconciliations';

export const RECONCILIATIONS_PER_PAGE = 25;

const reconcileForm = z.object({
  day: z.union([z.literal(''), z.iso.date()]),
});

export function reconciliationPagesRouter(deps: PagesDependencies): Router {
  const { db } = deps;
  const schedules = new ReconciliationSchedules(deps.billing.client, {
    callTimeoutMs: deps.billing.callTimeoutMs,
  });
  const router = Router();

  router.get('/marketplaces/:id/reconciliations', async (req, res) => {
    const { page, marketplace } = await adminsMarketplace(db, req, req.params.id);
    const cursor = cursorOf(req.query);
    const { items, nextCursor } = await reconciliationRunsPage(db, marketplace.id, {
      limit: RECONCILIATIONS_PER_PAGE,
      cursor,
    });
    sendPage(
      res,
      <ReconciliationsPage
        page={page}
        marketplace={marketplace}
        runs={items}
        nextCursor={nextCursor}
        paged={cursor !== undefined}
        notice={noticeOf(req, page.t)}
      />,
    );
  });

  router.get('/marketplaces/:id/reconciliations/:runId', async (req, res) => {
    const { page, marketplace } = await adminsMarketplace(db, req, req.params.id);
    const run = await reconciliationRunWithDifferences(
      db,
      marketplace.id,
      pathId(req.params.runId),
    );
    sendPage(res, <ReconciliationPage page={page} marketplace={marketplace} run={run} />);
  });

  router.post('/marketplaces/:id/reconciliations', async (req, res) => {
    const { marketplace } = await adminsMarketplace(db, req, req.params.id);
    const back = `/portal/marketplaces/${marketplace.id}/reconciliations`;
    await command(res, back, back, async () => {
      const form = parseForm(reconcileForm, req.body, 'invalid_day');
      await reconcileOnDemand(schedules, marketplace, form.day || null, Date.now());
      return 'reconciliation_started';
    });
  });

  return router;
}
