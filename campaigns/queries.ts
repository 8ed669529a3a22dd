// Reading campaigns: a seller's list, and one campaign with the seller it belongs to (so the
// caller can check its scope).
import type { Database } from '../db/client';
import type { Campaign, Seller } from '../generated/prisma';

export function campaignsOfSeller(db: Database, sellerId: string): Promise<Campaign[]> {
  return db.campaign.findMany({
    where: { sellerId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}

export function campaignWithSeller(
  db: Database,
  campaignId: string,
): Promise<(Campaign & { seller: Seller }) | null> {
  return db.campaign.findUnique({ where: { id: campaignId }, include: { seller: true } });
}
