// The demo marketplace the start command seeds into an empty database: Payments enabled, a
// simulated Stripe connection able to charge, self-service on with a $100 limit, one
// self-service seller with a test Visa and one campaign, a managed seller with a campaign of its
// own, and API keys to try it with (a platform key among them, to create marketplaces).
import type { Database } from '../db/client';
import { issueApiKey } from '../access/api-keys';
import { SEEDED_TEST_VISA } from '../payments/test-cards';
import type { SellerBillingClient } from '../temporal/seller-billing-client';

export interface DemoCredentials {
  marketplaceId: string;
  sellerId: string;
  campaignId: string;
  ingestKey: string;
  adminKey: string;
  sellerKey: string;
  platformKey: string;
}

export async function seedDemo(
  db: Database,
  billing: SellerBillingClient,
): Promise<DemoCredentials> {
  const marketplace = await db.marketplace.create({
    data: {
      name: 'Demo Marketplace',
      adminEmail: 'billing-admin@demo-marketplace.example',
      paymentsEnabled: true,
      selfServiceEnabled: true,
      invitationMode: 'self_service',
      currency: 'USD',
      timeZone: 'UTC',
      defaultCreditLimitMinor: 10_000n,
      stripeConnection: {
        create: { accountId: 'acct_simulated_demo', chargesEnabled: true, detailsSubmitted: true },
      },
    },
  });
  const seller = await db.seller.create({
    data: {
      marketplaceId: marketplace.id,
      name: 'Demo Seller',
      email: 'seller@demo.example',
      billingMode: 'self_service',
      billingModeReason: 'new seller: no active campaigns and zero balance',
      gatewayCustomerId: 'cus_simulated_demo',
      paymentMethods: { create: SEEDED_TEST_VISA },
    },
  });
  const campaign = await db.campaign.create({
    data: { marketplaceId: marketplace.id, sellerId: seller.id, name: 'Demo Campaign' },
  });
  // A seller the marketplace already bills itself, with a running campaign: invited, it stays
  // managed (R3).
  await db.seller.create({
    data: {
      marketplaceId: marketplace.id,
      name: 'Old Shop',
      email: 'old.shop@demo.example',
      campaigns: { create: { marketplaceId: marketplace.id, name: 'Old Shop Evergreen' } },
    },
  });
  await billing.start(marketplace.id, seller.id);
  return {
    marketplaceId: marketplace.id,
    sellerId: seller.id,
    campaignId: campaign.id,
    ingestKey: await issueApiKey(db, {
      role: 'ingest',
      marketplaceId: marketplace.id,
      label: 'demo ad server',
    }),
    adminKey: await issueApiKey(db, {
      role: 'marketplace_admin',
      marketplaceId: marketplace.id,
      label: 'demo admin',
    }),
    sellerKey: await issueApiKey(db, {
      role: 'seller',
      marketplaceId: marketplace.id,
      sellerId: seller.id,
      label: 'demo seller',
    }),
    platformKey: await issueApiKey(db, { role: 'platform', label: 'demo platform' }),
  };
}
