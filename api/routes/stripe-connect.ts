// The marketplace admin's Stripe Connect (R1): start onboarding (an account link to follow),
// refresh whether the account can charge, and read the connection.
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { ApiDependencies } from '../app';
import {
  marketplaceWithConnection,
  refreshConnection,
  startOnboarding,
  type ConnectSettings,
} from '../../payments/connect';
import type { PaymentGateway } from '../../payments/gateway';
import { stripeConnectionView } from '../../payments/views';
import { principalOf } from '../auth';
import { notFound } from '../errors';
import type { RouteDoc } from '../openapi/route-doc';
import { gatewayNameSchema, instantOutSchema } from '../response-schemas';
import { expectNoBody } from '../validation';

const connectionSchema = z.strictObject({
  accountId: z.string(),
  chargesEnabled: z.boolean(),
  detailsSubmitted: z.boolean(),
});

export const stripeConnectDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/marketplaces/:id/stripe/connect',
    summary: 'Start Stripe Connect onboarding; answers the link to follow.',
    roles: ['marketplace_admin'],
    responses: {
      201: {
        description: 'The connection and the onboarding link.',
        schema: z.strictObject({
          gateway: gatewayNameSchema,
          stripe: connectionSchema,
          onboardingUrl: z.url(),
          onboardingUrlExpiresAt: instantOutSchema,
        }),
      },
      409: 'Payments not enabled.',
    },
  },
  {
    method: 'post',
    path: '/marketplaces/:id/stripe/refresh',
    summary: 'Read from Stripe whether the connected account can charge.',
    roles: ['marketplace_admin'],
    responses: {
      200: {
        description: 'The connection.',
        schema: z.strictObject({ gateway: gatewayNameSchema, stripe: connectionSchema }),
      },
      409: 'Stripe not connected yet.',
    },
  },
  {
    method: 'get',
    path: '/marketplaces/:id/stripe',
    summary: 'The Stripe connection and whether self-service can be switched on.',
    roles: ['marketplace_admin'],
    responses: {
      200: {
        description: 'The connection, if any.',
        schema: z.strictObject({
          gateway: gatewayNameSchema,
          stripe: connectionSchema.nullable(),
          canEnableSelfService: z.boolean(),
        }),
      },
    },
  },
];

export function stripeConnectRouter(deps: {
  db: ApiDependencies['db'];
  payments: { gateway: PaymentGateway; connect: ConnectSettings };
}): Router {
  const { db } = deps;
  const { gateway } = deps.payments;
  const router = Router();

  router.post('/marketplaces/:id/stripe/connect', async (req, res) => {
    expectNoBody(req.body);
    const marketplace = await adminsMarketplace(db, req);
    const onboarding = await startOnboarding(
      { db, gateway, connect: deps.payments.connect },
      marketplace,
    );
    res.status(201).json({
      gateway: gateway.name,
      stripe: stripeConnectionView(onboarding.connection),
      onboardingUrl: onboarding.onboardingUrl,
      onboardingUrlExpiresAt: onboarding.expiresAt.toISOString(),
    });
  });

  router.post('/marketplaces/:id/stripe/refresh', async (req, res) => {
    expectNoBody(req.body);
    const marketplace = await adminsMarketplace(db, req);
    const connection = await refreshConnection({ db, gateway }, marketplace);
    res.json({ gateway: gateway.name, stripe: stripeConnectionView(connection) });
  });

  router.get('/marketplaces/:id/stripe', async (req, res) => {
    const marketplace = await adminsMarketplace(db, req);
    const connection = marketplace.stripeConnection;
    res.json({
      gateway: gateway.name,
      stripe: connection ? stripeConnectionView(connection) : null,
      canEnableSelfService: marketplace.paymentsEnabled && (connection?.chargesEnabled ?? false),
    });
  });

  return router;
}

/** Only the marketplace's own admins; anyone else is told there is no such marketplace. */
function adminsMarketplace(db: ApiDependencies['db'], req: Request<{ id: string }>) {
  const principal = principalOf(req, 'marketplace_admin');
  if (principal.marketplaceId !== req.params.id) throw notFound('Marketplace');
  return marketplaceWithConnection(db, req.params.id);
}
