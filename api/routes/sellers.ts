// Sellers as their admins and they themselves see them: the admin's seller list with billing
// mode, the reason for it and the live billing status (R3); and a seller's "Manage payments"
// billing state from its workflow (R4): unbilled spend, the limit in force and pending, the
// cycle, spend by campaign, the last payment and dunning.
import { Router } from 'express';
import { z } from 'zod';
import type { Seller, SpendRelayHold } from '../../generated/prisma';
import {
  sellerBilling,
  sellersOfMarketplace,
  type SellerQueryDependencies,
} from '../../sellers/queries';
import type { BillingStateView } from '../../workflows/messages';
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

/** Whether the seller's reported spend reaches its billing, and if not, why (spend/relay.ts). */
function spendRelayView(hold: SpendRelayHold | undefined, pendingSignalMicros: number) {
  return hold
    ? {
        status: 'held',
        reason: hold.reason,
        since: hold.heldAt,
        retryAt: hold.retryAt,
        pendingSignalMicros,
      }
    : { status: 'flowing', pendingSignalMicros };
}

function sellerView(seller: Seller, hold: SpendRelayHold | undefined, pendingSignalMicros: number) {
  return {
    id: seller.id,
    name: seller.name,
    email: seller.email,
    billingMode: seller.billingMode,
    billingModeReason: seller.billingModeReason,
    creditLimitOverrideMinor:
      seller.creditLimitOverrideMinor === null ? null : Number(seller.creditLimitOverrideMinor),
    spendRelay: spendRelayView(hold, pendingSignalMicros),
  };
}

function billingView(state: BillingStateView) {
  return {
    status: state.status,
    cycle: state.cycle,
    // Includes the spend the relay has not signalled yet (sellers/queries.ts).
    unbilledMicros: state.unbilledMicros,
    creditLimitMinor: state.creditLimitMinor,
    pendingCreditLimitMinor: state.pendingCreditLimitMinor,
    spendThisCycleMicros: state.spendThisCycleMicros,
    spendByCampaignMicros: state.spendByCampaignMicros,
    chargeInFlight: state.chargeInFlight,
    lastPayment: state.lastPayment,
    dunning: state.dunning,
    pausedCampaignIds: state.pausedCampaignIds,
  };
}
