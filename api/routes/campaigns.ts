// A seller's campaigns (R4, R7): create, list, pause, resume and end. The rules live in
// campaigns/commands.ts; this route parses, checks the caller's scope, runs one command and answers.
import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  createCampaign,
  endCampaign,
  pauseCampaign,
  resumeCampaign,
  type CampaignDependencies,
} from '../../campaigns/commands';
import { campaignsOfSeller, campaignWithSeller } from '../../campaigns/queries';
import { campaignView } from '../../campaigns/views';
import { principalOf } from '../auth';
import { notFound } from '../errors';
import { nameSchema } from '../input-schemas';
import { idSchema, instantOutSchema } from '../response-schemas';
import { TEMPORAL_UNAVAILABLE, type RouteDoc } from '../openapi/route-doc';
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
    responses: {
      201: oneCampaign,
      409: 'payment_method_required or payment_failing.',
      503: TEMPORAL_UNAVAILABLE,
    },
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
  ...(['pause', 'resume', 'end'] as const).map((action): RouteDoc => {
    const responses = { 200: oneCampaign, 409: 'Ended, or (resume) payment_failing.' };
    return {
      method: 'post',
      path: `/campaigns/:id/${action}`,
      summary: `${action[0]?.toUpperCase()}${action.slice(1)} a campaign.`,
      roles: ['seller'],
      // Resuming asks billing whether the payment is failing.
      responses: action === 'resume' ? { ...responses, 503: TEMPORAL_UNAVAILABLE } : responses,
    };
  }),
];

export function campaignsRouter(deps: CampaignDependencies): Router {
  const { db } = deps;
  const router = Router();

  router.post('/sellers/:id/campaigns', async (req, res) => {
    const { seller } = await scopedSeller(db, req, req.params.id, 'seller');
    const body = parseBody(createCampaignSchema, req.body);
    const campaign = await createCampaign(deps, seller, body.name);
    res.status(201).json({ campaign: campaignView(campaign) });
  });

  router.get('/sellers/:id/campaigns', async (req, res) => {
    const { seller } = await scopedSeller(db, req, req.params.id, 'seller', 'marketplace_admin');
    const campaigns = await campaignsOfSeller(db, seller.id);
    res.json({ campaigns: campaigns.map(campaignView) });
  });

  router.post('/campaigns/:id/pause', async (req, res) => {
    expectNoBody(req.body);
    const campaign = await pauseCampaign(deps, await sellersCampaign(deps, req));
    res.json({ campaign: campaignView(campaign) });
  });

  router.post('/campaigns/:id/resume', async (req, res) => {
    expectNoBody(req.body);
    const campaign = await resumeCampaign(deps, await sellersCampaign(deps, req));
    res.json({ campaign: campaignView(campaign) });
  });

  router.post('/campaigns/:id/end', async (req, res) => {
    expectNoBody(req.body);
    const campaign = await endCampaign(deps, await sellersCampaign(deps, req));
    res.json({ campaign: campaignView(campaign) });
  });

  return router;
}

async function sellersCampaign(deps: CampaignDependencies, req: Request<{ id: string }>) {
  const principal = principalOf(req, 'seller');
  const campaign = isUuid(req.params.id) ? await campaignWithSeller(deps.db, req.params.id) : null;
  if (!campaign || !covers(principal, campaign)) throw notFound('Campaign');
  return campaign;
}
