// Keeps a reconciliation Schedule for every marketplace with Payments (R16): the worker's first
// pass makes any that is missing (marketplaces from before the Schedules, or whose Schedule an
// operator deleted), and later passes catch a marketplace whose enabling could not reach
// Temporal. Each marketplace is ensured once per process, and again when its time zone changes.
import type { Database } from '../db/client';
import type { Logger } from '../observability/logger';
import type { ReconciliationSchedules } from '../temporal/reconciliation-schedules';

export class ReconciliationScheduleKeeper {
  readonly policy = { pollIntervalMs: 60_000 };
  /** `id:timeZone` of every marketplace whose Schedule this process has ensured. */
  private readonly ensured = new Set<string>();

  constructor(
    private readonly deps: { db: Database; schedules: ReconciliationSchedules; logger: Logger },
  ) {}

  /** Ensures the Schedules not ensured yet; answers how many it ensured. */
  async pass(): Promise<number> {
    const marketplaces = await this.deps.db.marketplace.findMany({
      where: { paymentsEnabled: true },
      select: { id: true, name: true, timeZone: true },
    });
    let count = 0;
    for (const marketplace of marketplaces) {
      const key = `${marketplace.id}:${marketplace.timeZone}`;
      if (this.ensured.has(key)) continue;
      try {
        const outcome = await this.deps.schedules.ensure(marketplace);
        this.ensured.add(key);
        count += 1;
        if (outcome !== 'kept') {
          this.deps.logger.info(
            { marketplaceId: marketplace.id, outcome },
            'reconciliation schedule ensured',
          );
        }
      } catch (error) {
        // One marketplace's failure never holds up the others; the next pass tries it again.
        this.deps.logger.error(
          { err: error, marketplaceId: marketplace.id },
          'reconciliation schedule could not be ensured',
        );
      }
    }
    return count;
  }
}
