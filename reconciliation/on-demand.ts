// Runs a marketplace's reconciliation on demand (R16), for a day that is over in its time zone:
// a day still running would report every payment still to come as missing.
import { DomainError } from '../domain/errors';
import { localDay } from '../rules';
import type { ReconciliationSchedules } from '../temporal/reconciliation-schedules';

export function reconcileOnDemand(
  schedules: ReconciliationSchedules,
  marketplace: { id: string; timeZone: string },
  day: string | null,
  nowMs: number,
): Promise<{ workflowId: string }> {
  if (day !== null && localDay(day, marketplace.timeZone).endsAtMs > nowMs) {
    throw new DomainError(
      400,
      'day_not_over',
      `day: ${day} is not over yet in ${marketplace.timeZone}; reconcile a past day`,
      'day',
    );
  }
  return schedules.runNow(marketplace.id, day);
}
