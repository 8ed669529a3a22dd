// Sellers as their admins and they themselves see them: the admin's seller list with billing
// mode, the reason for it and the live billing status (R3); and a seller's "Manage payments"
// billing state from its workflow (R4): unbilled spend, the limit in force and pending, the
// cycle, spend by campaign, the last payment and dunning.
import { Router } from 'express';
import { z } from 'zod';
import {
  sellerBilling,
  sellersOfMarketplace,
  type SellerQueryDependencies,
} from '../../sellers/queries';
import { billingView, sellerView } from '../../sellers/views';
import { TEMPORAL_UNAVAILABLE, type RouteDoc } from '../openapi/route-doc';
import {
  amountSchema,
  billingModeSchema,
  chargeReasonSchema,
  currencyOutSchema,
  idSchema,
  instantOutSchema,
  microsTotalSchema,
  paymentStatusSchema,
} from '../response-schemas';
import { scopedMarketplace, scopedSeller } from '../scope';

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
      'The sellers, each with its billing mode, the reason for it and its live billing status.',
    roles: ['marketplace_admin'],
    responses: {
      200: {
        description: 'The sellers.',
        schema: z.strictObject({
          sellers: z.array(
            sellerSchema.extend({
              billingStatus: z.enum([...billingStatusSchema.options, 'unavailable']).nullable(),
              // The workflow's unbilled spend plus spendRelay.pendingSignalMicros; null when
              // there is no workflow to read or it did not answer.
              unbilledMicros: amountSchema.nullable(),
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
    const items = await sellersOfMarketplace(deps, marketplace.id);
    res.json({
      sellers: items.map(
        ({ seller, hold, pendingSignalMicros, billingStatus, unbilledMicros }) => ({
          ...sellerView(seller, hold, pendingSignalMicros),
          billingStatus,
          unbilledMicros,
        }),
      ),
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
