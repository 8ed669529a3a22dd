// GET /v1/sellers/:sellerId/spend/daily?from=YYYY-MM-DD&to=YYYY-MM-DD: a seller's spend per
// campaign per day from the ledger, for the seller itself and its marketplace's admins.
import { Router } from 'express';
import { z } from 'zod';
import type { ApiDependencies } from '../app';
import { DAY_MS } from '../../rules';
import { dailySpendByCampaign } from '../../spend/daily-spend';
import { ApiError } from '../errors';
import { calendarDateSchema } from '../input-schemas';
import type { RouteDoc } from '../openapi/route-doc';
import { currencyOutSchema, idSchema, microsTotalSchema } from '../response-schemas';
import { scopedSeller } from '../scope';
import { parseQuery } from '../validation';

const MAX_DAYS = 366;

const rangeSchema = z.strictObject({ from: calendarDateSchema, to: calendarDateSchema });

export const sellerSpendDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/sellers/:sellerId/spend/daily',
    summary: 'The seller’s spend per campaign per day, in the marketplace’s time zone.',
    roles: ['seller', 'marketplace_admin'],
    query: rangeSchema,
    responses: {
      200: {
        description: 'Spend per day and campaign.',
        schema: z.strictObject({
          sellerId: idSchema,
          currency: currencyOutSchema,
          timeZone: z.string(),
          from: z.iso.date(),
          to: z.iso.date(),
          days: z.array(
            z.strictObject({
              date: z.iso.date(),
              campaignId: idSchema,
              spendMicros: microsTotalSchema,
              events: z.int().min(0),
            }),
          ),
        }),
      },
    },
  },
];

export function sellerSpendRouter(deps: Pick<ApiDependencies, 'db'>): Router {
  const router = Router();
  router.get('/sellers/:sellerId/spend/daily', async (req, res) => {
    const { seller } = await scopedSeller(
      deps.db,
      req,
      req.params.sellerId,
      'seller',
      'marketplace_admin',
    );
    const { from, to } = parseQuery(rangeSchema, req.query);
    const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
    if (days < 1 || days > MAX_DAYS) {
      throw new ApiError(
        400,
        'invalid_range',
        `"from" must not be after "to", and the range at most ${MAX_DAYS} days.`,
        'to',
      );
    }
    const spend = await dailySpendByCampaign(deps.db, {
      sellerId: seller.id,
      timeZone: seller.marketplace.timeZone,
      fromDate: from,
      toDate: to,
    });
    res.json({
      sellerId: seller.id,
      currency: seller.marketplace.currency,
      timeZone: seller.marketplace.timeZone,
      from,
      to,
      days: spend,
    });
  });
  return router;
}
