// Campaign activities: billing pauses a seller's active campaigns when a payment fails and later
// resumes exactly the ones it paused (R7). Both are idempotent under retries. A pause or resume
// that changed something is also a webhook event for the marketplace: it is enqueued in the same
// transaction as the change, so a retry (which changes nothing) enqueues nothing, and the event id
// made inside that transaction is the event's one id.
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import type { Logger } from '../observability/logger';
import { enqueueWebhookEvent } from '../webhooks/events';

export function createCampaignActivities(deps: { db: Database; logger: Logger }) {
  const { db } = deps;

  /** Pauses the seller's active campaigns; returns every campaign billing holds paused. */
  async function pauseCampaignsForBilling(input: {
    marketplaceId: string;
    sellerId: string;
  }): Promise<string[]> {
    await db.$transaction(async (tx) => {
      const pausedNow = await tx.campaign.updateManyAndReturn({
        where: { sellerId: input.sellerId, status: 'active' },
        data: { status: 'paused', pausedByBilling: true },
        select: { id: true },
      });
      if (pausedNow.length === 0) return;
      await enqueueWebhookEvent(tx, {
        id: `campaigns.paused:${randomUUID()}`,
        type: 'campaigns.paused',
        marketplaceId: input.marketplaceId,
        sellerId: input.sellerId,
        data: { campaignIds: pausedNow.map((campaign) => campaign.id) },
      });
    });
    const paused = await db.campaign.findMany({
      where: { sellerId: input.sellerId, status: 'paused', pausedByBilling: true },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
    });
    const ids = paused.map((campaign) => campaign.id);
    deps.logger.info({ ...input, campaignIds: ids }, 'campaigns paused by billing');
    return ids;
  }

  /** Resumes the given campaigns if billing still holds them paused; returns those resumed. */
  async function resumeCampaignsPausedByBilling(input: {
    sellerId: string;
    campaignIds: string[];
  }): Promise<string[]> {
    const mine = { id: { in: input.campaignIds }, sellerId: input.sellerId };
    await db.$transaction(async (tx) => {
      const resumedNow = await tx.campaign.updateManyAndReturn({
        where: { ...mine, status: 'paused', pausedByBilling: true },
        data: { status: 'active', pausedByBilling: false },
        select: { id: true, marketplaceId: true },
      });
      // A campaign the seller ended meanwhile stays ended; billing lets go of it.
      await tx.campaign.updateMany({
        where: { ...mine, pausedByBilling: true },
        data: { pausedByBilling: false },
      });
      const marketplaceId = resumedNow[0]?.marketplaceId;
      if (!marketplaceId) return;
      await enqueueWebhookEvent(tx, {
        id: `campaigns.resumed:${randomUUID()}`,
        type: 'campaigns.resumed',
        marketplaceId,
        sellerId: input.sellerId,
        data: { campaignIds: resumedNow.map((campaign) => campaign.id) },
      });
    });
    const active = await db.campaign.findMany({
      where: { ...mine, status: 'active' },
      select: { id: true },
    });
    const ids = input.campaignIds.filter((id) => active.some((campaign) => campaign.id === id));
    deps.logger.info(
      { sellerId: input.sellerId, campaignIds: ids },
      'campaigns resumed by billing',
    );
    return ids;
  }

  return { pauseCampaignsForBilling, resumeCampaignsPausedByBilling };
}
