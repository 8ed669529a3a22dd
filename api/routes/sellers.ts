// Sellers as their admins and they themselves see them: the admin's seller list, paged, with
// billing mode, the reason for it and the billing the workflows reported (R3); and a seller's "Manage payments"
// billing state from its workflow (R4): unbilled spend, the limit in force and pending, the
// cycle, spend by campaign, the last payment and dunning.
import { Router } from 'express';
import { z } from 'zod';
import { sellerBilling, sellersPage, type SellerQueryDependencies } from '../../sellers/queries';
import { billingView, listedBillingView, sellerView } from '../../sellers/views';
import { LARGEST_EXPOSURES, marketplaceExposure } from '../../sellers/exposure';
import { exposureTrend } from '../../sellers/exposure-snapshots';
import { pageQuerySchema } from '../pagination';
import { TEMPORAL_UNAVAILABLE, type RouteDoc } from '../openapi/route-doc';
import {
  amountSchema,
  billingModeSchema,
  chargeReasonSchema,
  currencyOutSchema,
  idSchema,
  instantOutSchema,
  microsTotalSchema,
  pageSchema,
  paymentStatusSchema,
} from '../response-schemas';
import { scopedMarketplace, scopedSeller } from '../scope';
import { parseQuery } from '../validation';

const sellerSchema = z.strictObject({
  id: idSchema,
  name: z.string(),
  email: z.email(),
  billingMode: billingModeSchema,
  billingModeReason: z.string().nullable(),
  creditLimitOverrideMinor: amountSchema.nullable(),
  // pendingSignalMicros: ledger spend the workflow has not been told of yet; billing's
  // unbilledMicros already counts it.
  spendRelay: z.discriminatedUnion('status', [
    z.strictObject({ status: z.literal('flowing'), pendingSignalMicros: amountSchema }),
    z.strictObject({
      status: z.literal('held'),
      reason: z.string(),
      since: instantOutSchema,
      retryAt: instantOutSchema,
      pendingSignalMicros: amountSchema,
    }),
  ]),
});

const billingStatusSchema = z.enum(['active', 'past_due', 'delinquent']);

const billingSchema = z.strictObject({
  status: billingStatusSchema,
  cycle: z.strictObject({ startsAt: instantOutSchema, endsAt: instantOutSchema }),
  unbilledMicros: amountSchema,
  creditLimitMinor: amountSchema,
  pendingCreditLimitMinor: amountSchema.nullable(),
  spendThisCycleMicros: microsTotalSchema,
  spendByCampaignMicros: z.record(idSchema, microsTotalSchema),
  chargeInFlight: z.boolean(),
  lastPayment: z
    .strictObject({
      idempotencyKey: z.string(),
      amountMinor: amountSchema,
      status: paymentStatusSchema,
      reason: chargeReasonSchema,
      at: instantOutSchema,
      failureCode: z.string().optional(),
      failureMessage: z.string().optional(),
    })
    .nullable(),
  dunning: z
    .strictObject({
      failedAttempts: z.int().min(0),
      scheduledRetriesDone: z.int().min(0),
      firstFailedAt: instantOutSchema,
      lastFailureCode: z.string(),
      lastFailureMessage: z.string(),
      requiresAction: z.boolean(),
      nextRetryAt: instantOutSchema.nullable(),
    })
    .nullable(),
  pausedCampaignIds: z.array(idSchema),
});

export const sellersDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/marketplaces/:id/sellers',
    summary:
      'The sellers, newest first, paged: each with its billing mode, the reason for it and its billing as its workflow last reported it.',
    roles: ['marketplace_admin'],
    query: pageQuerySchema,
    responses: {
      200: {
        description:
          'A page of sellers (limit 1 to 100, default 50) and the next cursor. Served from the billing projection each workflow keeps current, without asking any workflow.',
        schema: pageSchema(
          'sellers',
          sellerSchema.extend({
            // unavailable: its workflow has reported nothing yet (not started, or its task
            // failing); terminated: an operator ended the workflow; null: not self-service.
            billingStatus: z
              .enum([...billingStatusSchema.options, 'terminated', 'unavailable'])
              .nullable(),
            // The reported unbilled spend plus spendRelay.pendingSignalMicros; null when no
            // report is known. The limit fields and cycle end likewise.
            unbilledMicros: amountSchema.nullable(),
            creditLimitMinor: amountSchema.nullable(),
            pendingCreditLimitMinor: amountSchema.nullable(),
            cycleEndsAt: instantOutSchema.nullable(),
          }),
        ),
      },
    },
  },
  {
    method: 'get',
    path: '/marketplaces/:id/exposure',
    summary:
      'The marketplace’s credit exposure (R15): spend its self-service sellers owe and were not charged yet, by billing status, and the largest exposures, with the hourly trend over the current cycle.',
    roles: ['marketplace_admin'],
    responses: {
      200: {
        description: `Totals as decimal strings of micros; the ${LARGEST_EXPOSURES} largest unbilled amounts. From the billing projection and the ledger, without asking any workflow; trend lists the worker’s hourly snapshots of the current cycle (the marketplace’s time zone), oldest first.`,
        schema: z.strictObject({
          currency: currencyOutSchema,
          totalMicros: microsTotalSchema,
          undeliveredMicros: microsTotalSchema,
          byStatus: z.strictObject(
            Object.fromEntries(
              billingStatusSchema.options.map((status) => [
                status,
                z.strictObject({ sellers: z.int().min(0), unbilledMicros: microsTotalSchema }),
              ]),
            ),
          ),
          largest: z.array(
            z.strictObject({
              sellerId: idSchema,
              name: z.string(),
              status: billingStatusSchema,
              unbilledMicros: amountSchema,
              creditLimitMinor: amountSchema,
            }),
          ),
          trend: z.array(
            z.strictObject({
              takenAt: instantOutSchema,
              unbilledMicros: microsTotalSchema,
              pastDueMicros: microsTotalSchema,
              delinquentMicros: microsTotalSchema,
            }),
          ),
        }),
      },
    },
  },
  {
    method: 'get',
    path: '/sellers/:id/billing',
    summary: 'The seller’s live billing state ("Manage payments"); null for a managed seller.',
    roles: ['seller', 'marketplace_admin'],
    responses: {
      200: {
        description: 'The billing mode and state.',
        schema: z.strictObject({
          seller: sellerSchema,
          currency: currencyOutSchema,
          billing: billingSchema.nullable(),
        }),
      },
      503: `billing_unavailable: the billing workflow did not answer in time; try again. Or ${TEMPORAL_UNAVAILABLE}`,
    },
  },
];

export function sellersRouter(deps: SellerQueryDependencies): Router {
  const { db } = deps;
  const router = Router();

  router.get('/marketplaces/:id/sellers', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    const { items, nextCursor } = await sellersPage(
      db,
      marketplace.id,
      parseQuery(pageQuerySchema, req.query),
    );
    res.json({
      sellers: items.map(({ seller, hold, pendingSignalMicros, billing }) => ({
        ...sellerView(seller, hold, pendingSignalMicros),
        ...listedBillingView(billing),
      })),
      nextCursor,
    });
  });

  router.get('/marketplaces/:id/exposure', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    res.json({
      currency: marketplace.currency,
      ...(await marketplaceExposure(db, marketplace.id)),
      trend: await exposureTrend(db, marketplace, Date.now()),
    });
  });

  router.get('/sellers/:id/billing', async (req, res) => {
    const { seller } = await scopedSeller(db, req, req.params.id, 'seller', 'marketplace_admin');
    const { state, hold, pendingSignalMicros } = await sellerBilling(deps, seller);
    res.json({
      seller: sellerView(seller, hold, pendingSignalMicros),
      currency: seller.marketplace.currency,
      billing: state && billingView(state),
    });
  });

  return router;
}
