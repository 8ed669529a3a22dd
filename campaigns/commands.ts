// A seller's campaign commands (R4, R7): create (a self-service seller needs a default card
// first), pause, resume and end. While the seller's payment is failing, billing holds campaigns
// paused: the seller can neither resume one nor create a new one until a payment succeeds.
import type { Database } from '../db/client';
import { DomainError } from '../domain/errors';
import type { Campaign, Seller } from '../generated/prisma';
import type { SellerBillingClient } from '../temporal/seller-billing-client';

export interface CampaignDependencies {
  db: Database;
  billing: Pick<SellerBillingClient, 'state'>;
}

export async function createCampaign(
  deps: CampaignDependencies,
  seller: Seller,
  name: string,
): Promise<Campaign> {
  if (seller.billingMode === 'self_service') {
    const card = await deps.db.paymentMethod.findFirst({
      where: { sellerId: seller.id, isDefault: true, removedAt: null },
    });
    if (!card) {
      throw new DomainError(
        409,
        'payment_method_required',
        'Add a card in Manage payments before creating a campaign.',
      );
    }
    if (await isPaymentFailing(deps, seller)) throw paymentFailingError();
  }
  return deps.db.campaign.create({
    data: { marketplaceId: seller.marketplaceId, sellerId: seller.id, name },
  });
}

export async function pauseCampaign(
  deps: CampaignDependencies,
  campaign: Campaign,
): Promise<Campaign> {
  assertNotEnded(campaign);
  return deps.db.campaign.update({ where: { id: campaign.id }, data: { status: 'paused' } });
}

export async function resumeCampaign(
  deps: CampaignDependencies,
  campaign: Campaign & { seller: Seller },
): Promise<Campaign> {
  assertNotEnded(campaign);
  if (campaign.status === 'paused' && (await isPaymentFailing(deps, campaign.seller))) {
    throw paymentFailingError();
  }
  // Only a campaign still paused moves; billing may have resumed it meanwhile.
  await deps.db.campaign.updateMany({
    where: { id: campaign.id, status: 'paused' },
    data: { status: 'active', pausedByBilling: false },
  });
  return deps.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
}

export async function endCampaign(
  deps: CampaignDependencies,
  campaign: Campaign,
): Promise<Campaign> {
  return deps.db.campaign.update({ where: { id: campaign.id }, data: { status: 'ended' } });
}

function assertNotEnded(campaign: Campaign): void {
  if (campaign.status === 'ended') {
    throw new DomainError(409, 'campaign_ended', 'This campaign has ended and cannot change.');
  }
}

async function isPaymentFailing(deps: CampaignDependencies, seller: Seller): Promise<boolean> {
  if (seller.billingMode !== 'self_service') return false;
  const state = await deps.billing.state(seller.marketplaceId, seller.id);
  return state !== null && state.status !== 'active';
}

function paymentFailingError(): DomainError {
  return new DomainError(
    409,
    'payment_failing',
    'Your last payment failed: update your card in Manage payments; billing resumes your campaigns once a payment succeeds.',
  );
}
