// Test data: a marketplace with self-service sellers, their cards and campaigns.
import type { Database } from '../../db/client';
import { testCardByPaymentMethod } from '../../payments/test-cards';

export interface MarketplaceOptions {
  currency?: string;
  timeZone?: string;
  defaultCreditLimitMinor?: number;
  minimumChargeMinor?: number;
  dunningScheduleDays?: number[];
  spendAlertPercent?: number;
}

export async function createMarketplace(db: Database, options: MarketplaceOptions = {}) {
  return db.marketplace.create({
    data: {
      name: 'Test Marketplace',
      paymentsEnabled: true,
      selfServiceEnabled: true,
      invitationMode: 'self_service',
      currency: options.currency ?? 'USD',
      timeZone: options.timeZone ?? 'UTC',
      defaultCreditLimitMinor: BigInt(options.defaultCreditLimitMinor ?? 10_000),
      minimumChargeMinor: options.minimumChargeMinor ?? 50,
      dunningScheduleDays: options.dunningScheduleDays ?? [1, 3, 7],
      spendAlertPercent: options.spendAlertPercent ?? 80,
    },
  });
}

export async function createSelfServiceSeller(
  db: Database,
  marketplaceId: string,
  /** `paymentMethodId: null` makes a seller with no card and no Customer yet. */
  options: { paymentMethodId?: string | null; campaigns?: number; name?: string } = {},
) {
  const name = options.name ?? 'Acme Seller';
  const seller = await db.seller.create({
    data: {
      marketplaceId,
      name,
      email: `${name.toLowerCase().replace(/\W+/g, '.')}.${Math.random().toString(36).slice(2, 8)}@example.com`,
      billingMode: 'self_service',
      billingModeReason: 'new seller: no active campaigns and zero balance',
      gatewayCustomerId:
        options.paymentMethodId === null
          ? null
          : `cus_sim_${Math.random().toString(36).slice(2, 10)}`,
    },
  });
  if (options.paymentMethodId !== null) {
    await setDefaultCard(db, seller.id, options.paymentMethodId ?? 'pm_card_visa');
  }
  const campaigns = [];
  for (let i = 0; i < (options.campaigns ?? 1); i += 1) {
    campaigns.push(
      await db.campaign.create({
        data: { marketplaceId, sellerId: seller.id, name: `Campaign ${i + 1}` },
      }),
    );
  }
  return { seller, campaigns };
}

/** The marketplace's connected Stripe account, able to charge unless told otherwise. */
export async function connectStripe(
  db: Database,
  marketplaceId: string,
  options: { accountId?: string; chargesEnabled?: boolean } = {},
) {
  return db.stripeConnection.create({
    data: {
      marketplaceId,
      accountId: options.accountId ?? `acct_test_${Math.random().toString(36).slice(2, 10)}`,
      chargesEnabled: options.chargesEnabled ?? true,
      detailsSubmitted: options.chargesEnabled ?? true,
    },
  });
}

/** Replaces the seller's default card with one of Stripe's test PaymentMethods. */
export async function setDefaultCard(db: Database, sellerId: string, paymentMethodId: string) {
  await db.paymentMethod.updateMany({ where: { sellerId }, data: { isDefault: false } });
  return db.paymentMethod.upsert({
    where: {
      sellerId_gatewayPaymentMethodId: { sellerId, gatewayPaymentMethodId: paymentMethodId },
    },
    create: {
      sellerId,
      gatewayPaymentMethodId: paymentMethodId,
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: 2034,
      isDefault: true,
    },
    update: { isDefault: true, removedAt: null },
  });
}

/** A seller billed outside this system (R3), with one active campaign. */
export async function createManagedSeller(db: Database, marketplaceId: string) {
  const seller = await db.seller.create({
    data: {
      marketplaceId,
      name: 'Managed Seller',
      email: `managed.${Math.random().toString(36).slice(2, 8)}@example.com`,
      billingMode: 'managed',
      billingModeReason: 'existing seller with active campaigns',
    },
  });
  const campaign = await db.campaign.create({
    data: { marketplaceId, sellerId: seller.id, name: 'Managed campaign' },
  });
  return { seller, campaign };
}

/** One spend event as the ad server reports it. */
export function spendEvent(
  eventId: string,
  sellerId: string,
  campaignId: string,
  amountMicros: number,
  occurredAt = new Date().toISOString(),
) {
  return { eventId, sellerId, campaignId, amountMicros, occurredAt };
}

/** Saves one of Stripe's test PaymentMethods as a further (not default) card of the seller. */
export async function addSavedCard(
  db: Database,
  sellerId: string,
  paymentMethodId: string,
  options: { createdAt?: Date; expMonth?: number; expYear?: number; removedAt?: Date } = {},
) {
  const testCard = testCardByPaymentMethod(paymentMethodId);
  if (!testCard) throw new Error(`Not a test PaymentMethod: ${paymentMethodId}`);
  return db.paymentMethod.create({
    data: {
      sellerId,
      gatewayPaymentMethodId: paymentMethodId,
      brand: testCard.brand,
      last4: testCard.number.slice(-4),
      expMonth: options.expMonth ?? 12,
      expYear: options.expYear ?? 2034,
      createdAt: options.createdAt,
      removedAt: options.removedAt,
    },
  });
}
