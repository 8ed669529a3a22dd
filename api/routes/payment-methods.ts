// A self-service seller's "Manage payments" (R4): a SetupIntent for Stripe Elements, confirming
// the saved card, listing cards (flagging one that expires before the cycle ends), choosing the
// default and removing a card. Every answer says which gateway served it.
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import type { PaymentMethod } from '../../generated/prisma';
import type { PaymentGateway } from '../../payments/gateway';
import {
  CardSetupIncompleteError,
  cardOwnerOf,
  makeDefaultCard,
  removeCard,
  saveConfirmedCard,
  sellersSetupIntent,
  startCardSetup,
  type CardDependencies,
  type CardOwner,
} from '../../payments/saved-cards';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { billingCycleContaining, cardExpiresBeforeCycleEnd } from '../../rules';
import { principalOf } from '../auth';
import { ApiError, notFound } from '../errors';
import { text } from '../input-schemas';
import { gatewayNameSchema, idSchema, instantOutSchema } from '../response-schemas';
import type { RouteDoc } from '../openapi/route-doc';
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
    }),
  ),
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
    const { owner } = await sellerReadyForCards(db, req);
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
    const { owner, cycleEndsAtMs } = await sellerReadyForCards(db, req);
    const body = parseBody(confirmSchema, req.body);
    if (body.card !== undefined && !(gateway instanceof SimulatedGateway)) {
      throw new ApiError(
        400,
        'card_not_accepted',
        'Card details never reach this API: confirm the SetupIntent with Stripe Elements, then send only its id.',
        'card',
      );
    }
    let setupIntent = await sellersSetupIntent(cards, owner, body.setupIntentId);
    if (!setupIntent) throw notFound('SetupIntent');
    if (body.card !== undefined && gateway instanceof SimulatedGateway) {
      setupIntent = gateway.confirmSetupIntent(setupIntent.setupIntentId, body.card);
      if (!setupIntent) {
        throw new ApiError(
          400,
          'unknown_test_card',
          'The simulated gateway takes one of Stripe’s test card numbers (e.g. 4242424242424242) or test PaymentMethod ids (e.g. pm_card_visa).',
          'card',
        );
      }
    }
    try {
      const saved = await saveConfirmedCard(cards, owner, setupIntent);
      res.status(201).json({ gateway: gateway.name, paymentMethod: viewOf(saved, cycleEndsAtMs) });
    } catch (error) {
      if (error instanceof CardSetupIncompleteError)
        throw new ApiError(409, error.code, error.message);
      throw error;
    }
  });

  router.get('/sellers/:id/payment-methods', async (req, res) => {
    const seller = await scopedSeller(db, req);
    const cycleEndsAtMs = currentCycleEndsAtMs(seller.marketplace.timeZone);
    const saved = await db.paymentMethod.findMany({
      where: { sellerId: seller.id, removedAt: null },
      orderBy: { createdAt: 'asc' },
    });
    res.json({
      gateway: gateway.name,
      cycleEndsAt: new Date(cycleEndsAtMs).toISOString(),
      paymentMethods: saved.map((card) => viewOf(card, cycleEndsAtMs)),
    });
  });

  router.post('/sellers/:id/payment-methods/:pmId/default', async (req, res) => {
    expectNoBody(req.body);
    const { owner, cycleEndsAtMs } = await sellerReadyForCards(db, req);
    const card = await savedCard(db, owner, req.params.pmId);
    const updated = await makeDefaultCard(cards, owner, card);
    res.json({ gateway: gateway.name, paymentMethod: viewOf(updated, cycleEndsAtMs) });
  });

  router.delete('/sellers/:id/payment-methods/:pmId', async (req, res) => {
    expectNoBody(req.body);
    const { owner, cycleEndsAtMs } = await sellerReadyForCards(db, req);
    const card = await savedCard(db, owner, req.params.pmId);
    const successor = await removeCard(cards, owner, card);
    res.json({
      gateway: gateway.name,
      removed: card.id,
      defaultPaymentMethod: successor ? viewOf(successor, cycleEndsAtMs) : null,
    });
  });

  return router;
}

async function scopedSeller(db: Database, req: Request<{ id: string }>) {
  const principal = principalOf(req, 'seller');
  const seller =
    principal.sellerId === req.params.id
      ? await db.seller.findUnique({
          where: { id: req.params.id },
          include: { marketplace: { include: { stripeConnection: true } } },
        })
      : null;
  if (!seller) throw notFound('Seller');
  return seller;
}

/** The seller, if it is self-service on a marketplace whose Stripe account can charge. */
async function sellerReadyForCards(
  db: Database,
  req: Request<{ id: string }>,
): Promise<{ owner: CardOwner; cycleEndsAtMs: number }> {
  const seller = await scopedSeller(db, req);
  if (seller.billingMode !== 'self_service') {
    throw new ApiError(
      409,
      'not_self_service',
      'This seller is billed by the marketplace and saves no card here.',
    );
  }
  const owner = cardOwnerOf(seller);
  if (!owner || !seller.marketplace.stripeConnection?.chargesEnabled) {
    throw new ApiError(
      409,
      'stripe_not_ready',
      'The marketplace cannot take card payments yet: its Stripe account is not connected or cannot charge.',
    );
  }
  return { owner, cycleEndsAtMs: currentCycleEndsAtMs(seller.marketplace.timeZone) };
}

function currentCycleEndsAtMs(timeZone: string): number {
  return billingCycleContaining(Date.now(), timeZone).endsAtMs;
}

async function savedCard(db: Database, owner: CardOwner, id: string): Promise<PaymentMethod> {
  const card = z.uuid().safeParse(id).success
    ? await db.paymentMethod.findFirst({ where: { id, sellerId: owner.sellerId, removedAt: null } })
    : null;
  if (!card) throw notFound('Payment method');
  return card;
}

function viewOf(card: PaymentMethod, cycleEndsAtMs: number) {
  return {
    id: card.id,
    brand: card.brand,
    last4: card.last4,
    expMonth: card.expMonth,
    expYear: card.expYear,
    isDefault: card.isDefault,
    expiresBeforeCycleEnd: cardExpiresBeforeCycleEnd(card, cycleEndsAtMs),
  };
}
