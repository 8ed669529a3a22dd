// The credit activity: records a credit the workflow applied to unbilled spend (R14).
import type { Database } from '../db/client';
import { recordCreditApplied } from '../credits/apply-credit';
import type { Logger } from '../observability/logger';
import type { AppliedCredit } from '../workflows/activity-contracts';
import { createNotificationActivities } from './notifications';

export function createCreditActivities(deps: {
  db: Database;
  logger: Logger;
  publicApiUrl?: string;
}) {
  const { notify } = createNotificationActivities(deps);
  return {
    async recordCreditApplied(applied: AppliedCredit): Promise<void> {
      const credit = await recordCreditApplied({ db: deps.db, notify }, applied);
      deps.logger.info(
        {
          marketplaceId: applied.marketplaceId,
          sellerId: applied.sellerId,
          creditId: credit.id,
          status: credit.status,
          appliedMinor: applied.appliedMinor,
        },
        'credit applied to unbilled spend',
      );
    },
  };
}
