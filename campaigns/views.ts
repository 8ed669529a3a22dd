// A campaign as its seller and the admins see it: plain values, instants as ISO 8601 strings.
import type { Campaign } from '../generated/prisma';

export function campaignView(campaign: Campaign) {
  return {
    id: campaign.id,
    sellerId: campaign.sellerId,
    name: campaign.name,
    status: campaign.status,
    pausedByBilling: campaign.pausedByBilling,
    createdAt: campaign.createdAt.toISOString(),
  };
}
