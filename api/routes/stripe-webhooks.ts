// POST /v1/stripe/webhooks: authenticated by Stripe's signature over the raw body (not by an
// API key), so it is mounted before the JSON parser and the bearer-key check. A missing or bad
// signature answers 400 and nothing is processed; a redelivered event is acknowledged.
import express, { Router } from 'express';
import { z } from 'zod';
import type { ApiDependencies } from '../app';
import type { Logger } from '../../observability/logger';
import type { PaymentGateway } from '../../payments/gateway';
import {
  processStripeEventOnce,
  verifyStripeEvent,
  WebhookSignatureError,
} from '../../payments/stripe-webhooks';
import { ApiError } from '../errors';
import type { RouteDoc } from '../openapi/route-doc';

export const stripeWebhooksDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/stripe/webhooks',
    summary: 'Stripe events, authenticated by the Stripe-Signature header (no API key).',
    roles: [],
    responses: {
      200: {
        description: 'Received (a redelivered event is a duplicate).',
        schema: z.strictObject({ received: z.literal(true), duplicate: z.boolean() }),
      },
      400: 'Bad signature, or not a Stripe event.',
      503: 'STRIPE_WEBHOOK_SECRET is not set.',
    },
  },
];

export function stripeWebhooksRouter(deps: {
  db: ApiDependencies['db'];
  commands: ApiDependencies['commands'];
  logger: Logger;
  payments: { gateway: PaymentGateway; webhookSecret?: string };
}): Router {
  const router = Router();
  router.post('/', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const secret = deps.payments.webhookSecret;
    if (!secret) {
      throw new ApiError(
        503,
        'webhooks_not_configured',
        'Set STRIPE_WEBHOOK_SECRET to receive Stripe webhooks.',
      );
    }
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let event;
    try {
      event = verifyStripeEvent(rawBody, req.header('stripe-signature'), secret);
    } catch (error) {
      if (error instanceof WebhookSignatureError)
        throw new ApiError(400, error.code, error.message);
      throw error;
    }
    const outcome = await processStripeEventOnce(
      { ...deps, gateway: deps.payments.gateway },
      event,
    );
    deps.logger.info({ eventId: event.id, type: event.type, outcome }, 'stripe webhook');
    res.json({ received: true, duplicate: outcome === 'duplicate' });
  });
  return router;
}
