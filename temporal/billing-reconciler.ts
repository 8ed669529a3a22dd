// Makes sure every self-service seller has its billing workflow. Accepting an invitation commits
// the seller first and starts the workflow after; if that start failed, the next pass starts it.
// Starting is idempotent and never revives a workflow that exists, so a pass changes nothing
// for sellers whose workflow runs (or was deliberately terminated).
import type { Database } from '../db/client';
import type { Logger } from '../observability/logger';
import type { PollingLoop } from '../worker/poll-loop';
import type { SellerBillingClient } from './seller-billing-client';

export class BillingReconciler implements PollingLoop {
  readonly policy: { pollIntervalMs: number };

  constructor(
    private readonly options: {
      db: Database;
      billing: SellerBillingClient;
      logger: Logger;
      pollIntervalMs?: number;
    },
  ) {
    this.policy = { pollIntervalMs: options.pollIntervalMs ?? 10 * 60_000 };
  }

  /** One pass over the self-service sellers; answers how many workflows it had to start. */
  async pass(): Promise<number> {
    const sellers = await this.options.db.seller.findMany({
      where: { billingMode: 'self_service' },
      select: { id: true, marketplaceId: true },
    });
    let started = 0;
    for (const seller of sellers) {
      if (await this.options.billing.start(seller.marketplaceId, seller.id)) {
        started += 1;
        this.options.logger.warn(
          { marketplaceId: seller.marketplaceId, sellerId: seller.id },
          'started a missing billing workflow',
        );
      }
    }
    return started;
  }
}
