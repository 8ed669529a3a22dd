// Builds every activity the billing workflow calls, from the dependencies the caller chooses
// (real or simulated gateway, a database, a logger, the public API address for links).
import type { Database } from '../db/client';
import type { PaymentGateway } from '../payments/gateway';
import type { Logger } from '../observability/logger';
import { createCampaignActivities } from './campaigns';
import { createChargeActivities } from './charges';
import { createCreditActivities } from './credits';
import { createNotificationActivities } from './notifications';
import { createProjectionActivities } from './billing-projection';
import { createReconciliationActivities } from './reconciliation';

export interface ActivityDependencies {
  db: Database;
  gateway: PaymentGateway;
  logger: Logger;
  /** Base of the links in notifications (PUBLIC_API_URL; its default when omitted). */
  publicApiUrl?: string;
}

export function createBillingActivities(deps: ActivityDependencies) {
  return {
    ...createChargeActivities(deps),
    ...createCampaignActivities(deps),
    ...createNotificationActivities(deps),
    ...createCreditActivities(deps),
    ...createProjectionActivities(deps),
    ...createReconciliationActivities(deps),
  };
}
