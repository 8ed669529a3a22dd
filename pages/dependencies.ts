// What the pages need from the process: the same parts the API routes are given.
import type { CommandDelivery } from '../billing-commands/relay';
import type { Database } from '../db/client';
import type { Logger } from '../observability/logger';
import type { ConnectSettings } from '../payments/connect';
import type { PaymentGateway } from '../payments/gateway';
import type { WebhookUrlPolicy } from '../webhooks/endpoint-url';
import type { SellerBillingClient } from '../temporal/seller-billing-client';
import type { PortalSettings } from './settings';

export interface PagesDependencies {
  db: Database;
  billing: Pick<SellerBillingClient, 'state' | 'callTimeoutMs' | 'client'>;
  commands: CommandDelivery;
  logger: Logger;
  payments: { gateway: PaymentGateway; connect: ConnectSettings };
  webhooks: WebhookUrlPolicy;
  portal?: PortalSettings;
}
