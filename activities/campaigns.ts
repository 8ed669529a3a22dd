// Campaign activities: billing pauses a seller's active campaigns when a payment fails and later
// resumes exactly the ones it paused (R7). Both are idempotent under retries.
import type { Database } from '../db/client';
import type { Logger } from '../observability/logger';

export function createCampaignActivities(deps: { db: Database; logger: Logger }) {
  const { db } = deps;

  /** Pauses the seller's active campaigns; returns every campaign billing holds paused. */
  async function pauseCampaignsForBilling(input: {
    marketplaceId: string;
    sellerId: string;
  }): Promise<string[]> {
    await db.campaign.updateMany({
      where: { sellerId: input.sellerId, status: 'active' },
      data: { status: 'paused', pausedByBilling: true },
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
    await db.$transaction([
      db.campaign.updateMany({
        where: { ...mine, status: 'paused', pausedByBilling: true },
        data: { status: 'active', pausedByBilling: false },
      }),
      // A campaign the seller ended meanwhile stays ended; billing lets go of it.
      db.campaign.updateMany({
        where: { ...mine, pausedByBilling: true },
        data: { pausedByBilling: false },
      }),
    ]);
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
