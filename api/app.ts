// The Express application: JSON under /v1, bearer-key auth, one router per resource. The
// exceptions: Stripe webhooks (raw body, authenticated by signature), the API's description
// (/v1/openapi.json, /v1/docs) and invitation acceptance (the token is the credential). The key
// is checked before a body is read, and each route reads at most what it needs.
import express, { type Express } from 'express';
import type { Database } from '../db/client';
import type { Logger } from '../observability/logger';
import { sellerSpendRouter } from './routes/seller-spend';
import type { ConnectSettings } from '../payments/connect';
import type { PaymentGateway } from '../payments/gateway';
import type { SellerBillingClient } from '../temporal/seller-billing-client';
import type { CommandDelivery } from '../billing-commands/relay';
import { authenticate } from './auth';
import { apiMetricsRegistry } from '../observability/metrics';
import { operationsRouter } from '../observability/operations-routes';
import { requestLog } from './request-log';
import { requestMetrics } from './request-metrics';
import { ApiError, errorHandler } from './errors';
import { paymentMethodsRouter } from './routes/payment-methods';
import { receiptsRouter } from './routes/receipts';
import { spendEventsRouter } from './routes/spend-events';
import { stripeConnectRouter } from './routes/stripe-connect';
import { stripeWebhooksRouter } from './routes/stripe-webhooks';
import { marketplaceWebhooksRouter, type WebhookSettings } from './routes/marketplace-webhooks';
import { invitationAcceptanceRouter, invitationsRouter } from './routes/invitations';
import { marketplacesRouter } from './routes/marketplaces';
import { paymentSettingsRouter } from './routes/payment-settings';
import { apiDocsRouter } from './routes/api-docs';
import { campaignsRouter } from './routes/campaigns';
import { notificationsRouter } from './routes/notifications';
import { paymentsRouter } from './routes/payments';
import { sellersRouter } from './routes/sellers';
import { portalLinksRouter } from './routes/portal-links';
import { reconciliationsRouter } from './routes/reconciliations';
import { pagesRouter } from '../pages/router';
import { creditsRouter } from './routes/credits';
import { refundsRouter } from './routes/refunds';
import type { PortalSettings } from '../pages/settings';

export interface PaymentsSettings {
  gateway: PaymentGateway;
  /** The webhook endpoint's signing secret; without it webhooks answer 503. */
  webhookSecret?: string;
  connect: ConnectSettings;
}

export interface ApiDependencies {
  db: Database;
  billing: SellerBillingClient;
  /** Delivers the billing commands a request commits (the worker's relay delivers any it misses). */
  commands: CommandDelivery;
  logger: Logger;
  payments: PaymentsSettings;
  webhooks: WebhookSettings;
  /** The pages under /portal (portal links point there). */
  portal?: PortalSettings;
}

/** A spend batch holds up to 5,000 events; every other body is a small command. */
const SPEND_BATCH_BODY_LIMIT = '5mb';
const COMMAND_BODY_LIMIT = '64kb';

export function createApp(deps: ApiDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(deps.logger));
  app.use(requestMetrics());
  app.use(operationsRouter({ ...deps, metrics: apiMetricsRegistry() }));
  app.use('/v1/stripe/webhooks', stripeWebhooksRouter(deps));
  const v1 = express.Router();
  v1.use(apiDocsRouter());
  v1.use('/invitations/accept', express.json({ limit: COMMAND_BODY_LIMIT }));
  v1.use(invitationAcceptanceRouter(deps));
  v1.use(authenticate(deps.db));
  v1.use('/spend-events', express.json({ limit: SPEND_BATCH_BODY_LIMIT }));
  v1.use(express.json({ limit: COMMAND_BODY_LIMIT }));
  v1.use(marketplacesRouter(deps));
  v1.use(paymentSettingsRouter(deps));
  v1.use(invitationsRouter(deps));
  v1.use(sellersRouter(deps));
  v1.use(campaignsRouter(deps));
  v1.use(paymentsRouter(deps));
  v1.use(notificationsRouter(deps));
  v1.use(spendEventsRouter(deps));
  v1.use(sellerSpendRouter(deps));
  v1.use(stripeConnectRouter(deps));
  v1.use(paymentMethodsRouter(deps));
  v1.use(receiptsRouter(deps));
  v1.use(marketplaceWebhooksRouter(deps));
  v1.use(portalLinksRouter(deps));
  v1.use(creditsRouter(deps));
  v1.use(refundsRouter(deps));
  v1.use(reconciliationsRouter(deps));
  app.use('/v1', v1);
  app.use('/portal', pagesRouter(deps));
  app.use((_req, _res, next) => next(new ApiError(404, 'not_found', 'No such endpoint.')));
  app.use(errorHandler(deps.logger));
  return app;
}
