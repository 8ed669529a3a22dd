// The admin's Payments settings (R1–R3, R8): self-service on/off, default credit limit, currency,
// time zone, dunning schedule, alert share, invitation mode, billing e-mail; and a per-seller
// credit-limit override. Limit changes reach the sellers' workflows, which hold them pending
// until the next cycle.
import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import type { SellerBillingClient } from '../../temporal/seller-billing-client';
import { ApiError } from '../errors';
import type { RouteDoc } from '../openapi/route-doc';
import { assertCanEnableSelfService } from '../self-service-guard';
import { scopedMarketplace, sellerOfMarketplace } from '../scope';
import { parseBody } from '../validation';
import { amountSchema, currencyOutSchema, idSchema } from '../response-schemas';
import { marketplaceSchema, marketplaceView } from './marketplace-view';
import {
  creditLimitMinorSchema,
  paymentSettingsSchema,
  type PaymentSettingsChange,
} from './payment-settings-schema';

export const creditLimitOverrideSchema = z.strictObject({
  /** null removes the override: the marketplace default applies again. */
  creditLimitMinor: creditLimitMinorSchema.nullable(),
});

const settingsAnswer = {
  description: 'The settings.',
  schema: z.strictObject({ settings: marketplaceSchema }),
};

export const paymentSettingsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/marketplaces/:id/payment-settings',
    summary: 'Read the Payments settings.',
    roles: ['marketplace_admin'],
    responses: { 200: settingsAnswer },
  },
  {
    method: 'patch',
    path: '/marketplaces/:id/payment-settings',
    summary:
      'Change Payments settings. A new default credit limit reaches every self-service seller without an override at its next cycle (R8). Currency and time zone change only while no seller is self-service; a new dunning schedule or alert share applies to sellers who become self-service afterwards.',
    roles: ['marketplace_admin'],
    body: paymentSettingsSchema,
    responses: { 200: settingsAnswer, 409: 'Stripe not ready, or currency/time zone locked.' },
  },
  {
    method: 'put',
    path: '/marketplaces/:id/sellers/:sellerId/credit-limit',
    summary: 'Set or remove a seller’s credit-limit override; pending until its next cycle (R8).',
    roles: ['marketplace_admin'],
    body: creditLimitOverrideSchema,
    responses: {
      200: {
        description: 'The override and the limit the seller gets.',
        schema: z.strictObject({
          sellerId: idSchema,
          creditLimitOverrideMinor: amountSchema.nullable(),
          creditLimitMinor: amountSchema,
          currency: currencyOutSchema,
          appliesFrom: z.enum(['next_cycle', 'when_self_service']),
        }),
      },
    },
  },
];

export function paymentSettingsRouter(deps: {
  db: Database;
  billing: SellerBillingClient;
}): Router {
  const { db, billing } = deps;
  const router = Router();

  router.get('/marketplaces/:id/payment-settings', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    res.json({ settings: marketplaceView(marketplace) });
  });

  router.patch('/marketplaces/:id/payment-settings', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    const change = parseBody(paymentSettingsSchema, req.body);
    if (change.selfServiceEnabled && !marketplace.selfServiceEnabled) {
      await assertCanEnableSelfService(db, marketplace.id);
    }
    await assertSettingsUnlocked(db, marketplace, change);
    const updated = await db.marketplace.update({ where: { id: marketplace.id }, data: change });
    if (
      change.defaultCreditLimitMinor !== undefined &&
      BigInt(change.defaultCreditLimitMinor) !== marketplace.defaultCreditLimitMinor
    ) {
      const sellers = await db.seller.findMany({
        where: {
          marketplaceId: marketplace.id,
          billingMode: 'self_service',
          creditLimitOverrideMinor: null,
        },
        select: { id: true },
      });
      for (const seller of sellers) {
        await billing.signalCreditLimitChanged(
          marketplace.id,
          seller.id,
          change.defaultCreditLimitMinor,
        );
      }
    }
    res.json({ settings: marketplaceView(updated) });
  });

  router.put('/marketplaces/:id/sellers/:sellerId/credit-limit', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    const seller = await sellerOfMarketplace(db, marketplace.id, req.params.sellerId);
    const { creditLimitMinor } = parseBody(creditLimitOverrideSchema, req.body);
    await db.seller.update({
      where: { id: seller.id },
      data: {
        creditLimitOverrideMinor: creditLimitMinor === null ? null : BigInt(creditLimitMinor),
      },
    });
    const effectiveMinor = creditLimitMinor ?? Number(marketplace.defaultCreditLimitMinor);
    if (seller.billingMode === 'self_service') {
      await billing.signalCreditLimitChanged(marketplace.id, seller.id, effectiveMinor);
    }
    res.json({
      sellerId: seller.id,
      creditLimitOverrideMinor: creditLimitMinor,
      creditLimitMinor: effectiveMinor,
      currency: marketplace.currency,
      appliesFrom: seller.billingMode === 'self_service' ? 'next_cycle' : 'when_self_service',
    });
  });

  return router;
}

/**
 * Currency and time zone are fixed in each running billing workflow (charges and cycles depend on
 * them), so they change only while no seller is self-service.
 */
async function assertSettingsUnlocked(
  db: Database,
  marketplace: { id: string; currency: string; timeZone: string },
  change: PaymentSettingsChange,
): Promise<void> {
  const field =
    change.currency !== undefined && change.currency !== marketplace.currency
      ? 'currency'
      : change.timeZone !== undefined && change.timeZone !== marketplace.timeZone
        ? 'timeZone'
        : null;
  if (!field) return;
  const selfService = await db.seller.count({
    where: { marketplaceId: marketplace.id, billingMode: 'self_service' },
  });
  if (selfService > 0) {
    throw new ApiError(
      409,
      'settings_locked',
      `The ${field === 'currency' ? 'currency' : 'time zone'} cannot change while the marketplace has self-service sellers.`,
      field,
    );
  }
}
