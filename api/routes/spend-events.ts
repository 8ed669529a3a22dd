// POST /v1/spend-events: the ad server reports spend in batches. The batch is validated, the
// accepted events are committed to the spend ledger (a repeated event id is a duplicate), and
// only then does the API answer.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import type { SellerBillingClient } from '../../temporal/seller-billing-client';
import { principalOf } from '../auth';
import { parseBody } from '../validation';
import { recordSpendEvents } from '../../spend/ledger';

export const MAX_EVENTS_PER_REQUEST = 5_000;

const batchSchema = z.strictObject({
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_REQUEST),
});

export function spendEventsRouter(deps: { db: Database; billing: SellerBillingClient }): Router {
  const router = Router();
  router.post('/spend-events', async (req, res) => {
    const principal = principalOf(req, 'ingest');
    const { events } = parseBody(batchSchema, req.body);
    const marketplaceId = principal.marketplaceId as string;
    const outcome = await recordSpendEvents(deps.db, marketplaceId, events);
    for (const seller of outcome.selfServiceSpend) {
      await deps.billing.signalSpend(marketplaceId, seller.sellerId, {
        batchId: randomUUID(),
        totalMicros: seller.totalMicros,
        byCampaignMicros: seller.byCampaignMicros,
      });
    }
    res.status(202).json({
      accepted: outcome.accepted,
      duplicates: outcome.duplicates,
      rejected: outcome.rejected,
    });
  });
  return router;
}
