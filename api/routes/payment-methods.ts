// A self-service seller's "Manage payments" (R4): a SetupIntent for Stripe Elements, confirming
// the saved card, listing cards (flagging one that expires before the cycle ends), choosing the
// default, removing a card and turning backup charging on or off (R13). Every answer says which gateway served it. The commands live in
// payments/; this route parses, checks the caller is the seller, runs one and answers.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { confirmCard } from '../../payments/card-confirmation';
import {
  readyCardOwner,
  savedCardOf,
  savedCardsOf,
  sellerWithConnection,
} from '../../payments/card-owners';
import { setBackupCharging } from '../../payments/backup-cards';
import type { PaymentGateway } from '../../payments/gateway';
import {
  makeDefaultCard,
  removeCard,
  startCardSetup,
  type CardDependencies,
  type CardOwner,
} from '../../payments/saved-cards';
import { savedCardView } from '../../payments/views';
import { billingCycleContaining } from '../../rules';
import { principalOf } from '../auth';
import { notFound } from '../errors';
import { text } from '../input-schemas';
import { gatewayNameSchema, idSchema, instantOutSchema } from '../response-schemas';
import type { RouteDoc } from '../openapi/route-doc';
import { isUuid } from '../scope';
import { expectNoBody, parseBody } from '../validation';

const confirmSchema = z.strictObject({
  setupIntentId: text().min(1).max(255),
  /** Simulated gateway only: a Stripe test card number or test PaymentMethod id. */
  card: text().min(1).max(255).optional(),
});

const cardSchema = z.strictObject({
  id: idSchema,
  brand: z.string(),
  last4: z.string().regex(/^\d{4}$/),
  expMonth: z.int().min(1).max(12),
  expYear: z.int(),
  isDefault: z.boolean(),
  expiresBeforeCycleEnd: z.boolean(),
});
const oneCard = z.strictObject({ gateway: gatewayNameSchema, paymentMethod: cardSchema });

const backupChargingSchema = z.strictObject({
  /** R13: when the default card fails a charge, try the seller's other valid cards. */
  enabled: z.boolean(),
});

const cardRoute = (
  method: RouteDoc['method'],
  path: string,
  summary: string,
  status: number,
  schema: z.ZodType,
): RouteDoc => ({
  method,
  path: `/sellers/:id/payment-methods${path}`,
  summary,
  roles: ['seller'],
  responses: {
    [status]: { description: 'Done.', schema },
    409: 'Not self-service, or Stripe not ready.',
  },
});

export const paymentMethodsDocs: RouteDoc[] = [
  cardRoute(
    'post',
    '/setup-intent',
    'Start saving a card: a SetupIntent for Stripe Elements.',
    201,
    z.strictObject({
      gateway: gatewayNameSchema,
      setupIntentId: z.string(),
      clientSecret: z.string(),
      connectedAccountId: z.string(),
    }),
  ),
  {
    ...cardRoute('post', '/confirm', 'Save the card a confirmed SetupIntent holds.', 201, oneCard),
    body: confirmSchema,
  },
  cardRoute(
    'get',
    '',
    'The saved cards, flagging one that expires before the cycle ends.',
    200,
    z.strictObject({
      gateway: gatewayNameSchema,
      cycleEndsAt: instantOutSchema,
      paymentMethods: z.array(cardSchema),
      /** R13: whether a failed default card is followed by the seller's other valid cards. */
      backupCharging: z.boolean(),
    }),
  ),
  {
    ...cardRoute(
      'put',
      '/backup-charging',
      'Turn backup charging on or off: when the default card fails, try the other valid cards, most recently added first (R13).',
      200,
      backupChargingSchema,
    ),
    body: backupChargingSchema,
  },
  cardRoute('post', '/:pmId/default', 'Make a card the default.', 200, oneCard),
  cardRoute(
    'delete',
    '/:pmId',
    'Remove a card.',
    200,
    z.strictObject({
      gateway: gatewayNameSchema,
      removed: idSchema,
      defaultPaymentMethod: cardSchema.nullable(),
    }),
  ),
];

export function paymentMethodsRouter(
  deps: Omit<CardDependencies, 'gateway'> & {
    payments: { gateway: PaymentGateway };
  },
): Router {
  const { db } = deps;
  const { gateway } = deps.payments;
  const cards: CardDependencies = { ...deps, gateway };
  const router = Router();

  router.post('/sellers/:id/payment-methods/setup-intent', async (req, res) => {
    expectNoBody(req.body);
    const { owner } = await readyCardOwner(db, ownSellerId(req));
    const setupIntent = await startCardSetup(cards, owner);
    res.status(201).json({
      gateway: gateway.name,
      setupIntentId: setupIntent.setupIntentId,
      clientSecret: setupIntent.clientSecret,
      // Stripe.js must act on the marketplace's account: `Stripe(publishableKey, { stripeAccount })`.
      connectedAccountId: owner.connectedAccountId,
    });
  });

  router.post('/sellers/:id/payment-methods/confirm', async (req, res) => {
    const { owner, marketplace } = await readyCardOwner(db, ownSellerId(req));
    const body = parseBody(confirmSchema, req.body);
    const saved = await confirmCard(cards, owner, body);
    res.status(201).json({
      gateway: gateway.name,
      paymentMethod: savedCardView(saved, cycleEndsAtMs(marketplace)),
    });
  });

  router.get('/sellers/:id/payment-methods', async (req, res) => {
    const seller = await sellerWithConnection(db, ownSellerId(req));
    const endsAtMs = cycleEndsAtMs(seller.marketplace);
    const saved = await savedCardsOf(db, seller.id);
    res.json({
      gateway: gateway.name,
      cycleEndsAt: new Date(endsAtMs).toISOString(),
      paymentMethods: saved.map((card) => savedCardView(card, endsAtMs)),
      backupCharging: seller.backupCharging,
    });
  });

  router.put('/sellers/:id/payment-methods/backup-charging', async (req, res) => {
    const { owner } = await readyCardOwner(db, ownSellerId(req));
    const body = parseBody(backupChargingSchema, req.body);
    res.json({ enabled: await setBackupCharging(db, owner.sellerId, body.enabled) });
  });

  router.post('/sellers/:id/payment-methods/:pmId/default', async (req, res) => {
    expectNoBody(req.body);
    const { owner, marketplace } = await readyCardOwner(db, ownSellerId(req));
    const card = await savedCard(deps, owner, req.params.pmId);
    const updated = await makeDefaultCard(cards, owner, card);
    res.json({
      gateway: gateway.name,
      paymentMethod: savedCardView(updated, cycleEndsAtMs(marketplace)),
    });
  });

  router.delete('/sellers/:id/payment-methods/:pmId', async (req, res) => {
    expectNoBody(req.body);
    const { owner, marketplace } = await readyCardOwner(db, ownSellerId(req));
    const card = await savedCard(deps, owner, req.params.pmId);
    const successor = await removeCard(cards, owner, card);
    res.json({
      gateway: gateway.name,
      removed: card.id,
      defaultPaymentMethod: successor ? savedCardView(successor, cycleEndsAtMs(marketplace)) : null,
    });
  });

  return router;
}

/** Only the seller itself manages its cards; anyone else is told there is no such seller. */
function ownSellerId(req: Request<{ id: string }>): string {
  const principal = principalOf(req, 'seller');
  if (principal.sellerId !== req.params.id) throw notFound('Seller');
  return req.params.id;
}

async function savedCard(deps: Pick<CardDependencies, 'db'>, owner: CardOwner, id: string) {
  if (!isUuid(id)) throw notFound('Payment method');
  return savedCardOf(deps.db, owner, id);
}

function cycleEndsAtMs(marketplace: { timeZone: string }): number {
  return billingCycleContaining(Date.now(), marketplace.timeZone).endsAtMs;
}
