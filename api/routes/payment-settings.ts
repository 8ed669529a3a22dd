// The admin's Payments settings (R1–R3, R8): self-service on/off, default credit limit, currency,
// time zone, dunning schedule, alert share, invitation mode, billing e-mail; and a per-seller
// credit-limit override. The commands live in settings/ and sellers/; this route parses, checks
// the caller's scope, runs one and answers.
import { Router } from 'express';
import { z } from 'zod';
import { marketplaceView } from '../../marketplaces/views';
import { setCreditLimitOverride } from '../../sellers/credit-limits';
import { changePaymentSettings, type SettingsDependencies } from '../../settings/payment-settings';
import {
  creditLimitMinorSchema,
  paymentSettingsSchema,
} from '../../settings/payment-settings-schema';
import type { RouteDoc } from '../openapi/route-doc';
import { scopedMarketplace, sellerOfMarketplace } from '../scope';
import { parseBody } from '../validation';
import { amountSchema, currencyOutSchema, idSchema } from '../response-schemas';
import { marketplaceSchema } from './marketplace-view';

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
      'Change Payments settings. A new default credit limit reaches every self-service seller without an override at its next cycle (R8). Currency and time zone change only while no seller is self-service; a new dunning schedule or alert share applies to sellers who become self-service afterwards. A credit ladder (R12) lets sellers without an override climb its steps after consecutive successful charges, each step pending until the next cycle; a failed payment sets the seller back to the default at its next cycle; the steps must lie above the default limit (400 invalid_credit_ladder).',
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

export function paymentSettingsRouter(deps: SettingsDependencies): Router {
  const { db } = deps;
  const router = Router();

  router.get('/marketplaces/:id/payment-settings', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    res.json({ settings: marketplaceView(marketplace) });
  });

  router.patch('/marketplaces/:id/payment-settings', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    const change = parseBody(paymentSettingsSchema, req.body);
    const updated = await changePaymentSettings(deps, marketplace, change);
    res.json({ settings: marketplaceView(updated) });
  });

  router.put('/marketplaces/:id/sellers/:sellerId/credit-limit', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    const seller = await sellerOfMarketplace(db, marketplace.id, req.params.sellerId);
    const { creditLimitMinor } = parseBody(creditLimitOverrideSchema, req.body);
    const change = await setCreditLimitOverride(deps, marketplace, seller, creditLimitMinor);
    res.json({
      sellerId: seller.id,
      creditLimitOverrideMinor: creditLimitMinor,
      creditLimitMinor: change.creditLimitMinor,
      currency: marketplace.currency,
      appliesFrom: change.appliesFrom,
    });
  });

  return router;
}
