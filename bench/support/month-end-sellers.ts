// The sellers of a month-end benchmark: N self-service sellers of one marketplace, seeded in
// bulk with a card and a campaign each, and for each the workflow input of a run that has
// already accrued spend this cycle and whose cycle ends at a chosen instant.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client';
import { SEEDED_TEST_VISA } from '../../payments/test-cards';
import { billingInputOf, type SellerWithMarketplace } from '../../temporal/billing-input';
import { SellerBillingCore } from '../../workflows/billing-core';
import type { SellerBillingInput } from '../../workflows/messages';

const BATCH = 1_000;

export interface SeededSeller {
  sellerId: string;
  campaignId: string;
}

export async function seedSelfServiceSellers(
  db: Database,
  marketplaceId: string,
  count: number,
): Promise<SeededSeller[]> {
  const sellers: SeededSeller[] = [];
  for (let from = 0; from < count; from += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - from) }, (_, i) => ({
      index: from + i,
      sellerId: randomUUID(),
      campaignId: randomUUID(),
    }));
    await db.seller.createMany({
      data: batch.map(({ index, sellerId }) => ({
        id: sellerId,
        marketplaceId,
        name: `Month-end Seller ${index}`,
        email: `seller.${index}@month-end.example`,
        billingMode: 'self_service',
        billingModeReason: 'new seller: no active campaigns and zero balance',
        gatewayCustomerId: `cus_sim_${index}`,
      })),
    });
    await db.paymentMethod.createMany({
      data: batch.map(({ sellerId }) => ({ sellerId, ...SEEDED_TEST_VISA })),
    });
    await db.campaign.createMany({
      data: batch.map(({ sellerId, campaignId }) => ({
        id: campaignId,
        marketplaceId,
        sellerId,
        name: 'Always on',
      })),
    });
    sellers.push(...batch.map(({ sellerId, campaignId }) => ({ sellerId, campaignId })));
  }
  return sellers;
}

/**
 * The input of a run that has accrued `unbilledMicros` earlier in its cycle and whose cycle ends
 * at `cycleEndsAtMs`: what continue-as-new hands a run, built by the billing core itself. Only
 * the cycle's end is moved, so the month end comes within the benchmark instead of in weeks.
 */
export function runNearCycleEnd(
  seller: SellerWithMarketplace,
  campaignId: string,
  options: { unbilledMicros: number; cycleEndsAtMs: number },
): SellerBillingInput {
  const core = new SellerBillingCore(billingInputOf(seller), Date.now());
  core.accrueSpend({
    batchId: 'earlier-this-cycle',
    totalMicros: options.unbilledMicros,
    byCampaignMicros: { [campaignId]: options.unbilledMicros },
  });
  const input = core.continuation();
  return { ...input, carried: { ...input.carried!, cycleEndsAtMs: options.cycleEndsAtMs } };
}
