// A seller's campaigns (R4, R7): create (a self-service seller needs a default card first),
// list, pause, resume and end. While the seller's payment is failing, billing holds campaigns
// paused: the seller can neither resume one nor create a new one until a payment succeeds.
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import type { Campaign, Seller } from '../../generated/prisma';
import type { SellerBillingClient } from '../../temporal/seller-billing-client';
import { principalOf } from '../auth';
import { ApiError, notFound } from '../errors';
import { nameSchema } from '../input-schemas';
import { idSchema, instantOutSchema } from '../response-schemas';
import type { RouteDoc } from '../openapi/route-doc';
import { covers, isUuid, scopedSeller } from '../scope';
import { expectNoBody, parseBody } from '../validation';

export const createCampaignSchema = z.strictObject({
  name: nameSchema,
});

const campaignSchema = z.strictObject({
  id: idSchema,
  sellerId: idSchema,
  name: z.string(),
  status: z.enum(['active', 'paused', 'ended']),
  pausedByBilling: z.boolean(),
  createdAt: instantOutSchema,
});
const oneCampaign = {
  description: 'The campaign.',
  schema: z.strictObject({ campaign: campaignSchema }),
};

export const campaignsDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/sellers/:id/campaigns',
    summary: 'Create a campaign (a self-service seller needs a default card).',
    roles: ['seller'],
    body: createCampaignSchema,
    responses: { 201: oneCampaign, 409: 'payment_method_required or payment_failing.' },
  },
  {
    method: 'get',
    path: '/sellers/:id/campaigns',
    summary: 'The seller’s campaigns.',
    roles: ['seller', 'marketplace_admin'],
    responses: {
      200: {
        description: 'The campaigns.',
        schema: z.strictObject({ campaigns: z.array(campaignSchema) }),
      },
    },
  },
  ...(['pause', 'resume', 'end'] as const).map((action): RouteDoc => ({
    method: 'post',
    path: `/campaigns/:id/${action}`,
    summary: `${action[0]?.toUpperCase()}${action.slice(1)} a campaign.`,
    roles: ['seller'],
    responses: { 200: oneCampaign, 409: 'Ended, or (resume) payment_failing.' },
  })),
];

export function campaignsRouter(deps: { db: Database; billing: SellerBillingClient }): Router {
  const { db } = deps;
  const router = Router();
  const paymentFailing = (seller: Seller) => isPaymentFailing(deps.billing, seller);

  router.post('/sellers/:id/campaigns', async (req, res) => {
    const { seller } = await scopedSeller(db, req, req.params.id, 'seller');
    const body = parseBody(createCampaignSchema, req.body);
    if (seller.billingMode === 'self_service') {
      const card = await db.paymentMethod.findFirst({
        where: { sellerId: seller.id, isDefault: true, removedAt: null },
      });
      if (!card) {
        throw new ApiError(
          409,
          'payment_method_required',
          'Add a card in Manage payments before creating a campaign.',
        );
      }
      if (await paymentFailing(seller)) throw paymentFailingError();
    }
    const campaign = await db.campaign.create({
      data: { marketplaceId: seller.marketplaceId, sellerId: seller.id, name: body.name },
    });
    res.status(201).json({ campaign: campaignView(campaign) });
  });

  router.get('/sellers/:id/campaigns', async (req, res) => {
    const { seller } = await scopedSeller(db, req, req.params.id, 'seller', 'marketplace_admin');
    const campaigns = await db.campaign.findMany({
      where: { sellerId: seller.id },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    res.json({ campaigns: campaigns.map(campaignView) });
  });

  router.post('/campaigns/:id/pause', async (req, res) => {
    expectNoBody(req.body);
    const campaign = await sellersCampaign(db, req);
    assertNotEnded(campaign);
    const paused = await db.campaign.update({
      where: { id: campaign.id },
      data: { status: 'paused' },
    });
    res.json({ campaign: campaignView(paused) });
  });

  router.post('/campaigns/:id/resume', async (req, res) => {
    expectNoBody(req.body);
    const campaign = await sellersCampaign(db, req);
    assertNotEnded(campaign);
    if (campaign.status === 'paused' && (await paymentFailing(campaign.seller))) {
      throw paymentFailingError();
    }
    // Only a campaign still paused moves; billing may have resumed it meanwhile.
    await db.campaign.updateMany({
      where: { id: campaign.id, status: 'paused' },
      data: { status: 'active', pausedByBilling: false },
    });
    res.json({
      campaign: campaignView(await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })),
    });
  });

  router.post('/campaigns/:id/end', async (req, res) => {
    expectNoBody(req.body);
    const campaign = await sellersCampaign(db, req);
    const ended = await db.campaign.update({
      where: { id: campaign.id },
      data: { status: 'ended' },
    });
    res.json({ campaign: campaignView(ended) });
  });

  return router;
}

async function sellersCampaign(db: Database, req: Request<{ id: string }>) {
  const principal = principalOf(req, 'seller');
  const campaign = isUuid(req.params.id)
    ? await db.campaign.findUnique({ where: { id: req.params.id }, include: { seller: true } })
    : null;
  if (!campaign || !covers(principal, campaign)) throw notFound('Campaign');
  return campaign;
}

function assertNotEnded(campaign: Campaign): void {
  if (campaign.status === 'ended') {
    throw new ApiError(409, 'campaign_ended', 'This campaign has ended and cannot change.');
  }
}

async function isPaymentFailing(billing: SellerBillingClient, seller: Seller): Promise<boolean> {
  if (seller.billingMode !== 'self_service') return false;
  const state = await billing.state(seller.marketplaceId, seller.id);
  return state !== null && state.status !== 'active';
}

function paymentFailingError(): ApiError {
  return new ApiError(
    409,
    'payment_failing',
    'Your last payment failed: update your card in Manage payments; billing resumes your campaigns once a payment succeeds.',
  );
}

function campaignView(campaign: Campaign) {
  return {
    id: campaign.id,
    sellerId: campaign.sellerId,
    name: campaign.name,
    status: campaign.status,
    pausedByBilling: campaign.pausedByBilling,
    createdAt: campaign.createdAt.toISOString(),
  };
}
