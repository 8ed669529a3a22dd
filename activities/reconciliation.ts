// The reconciliation activity: one day of a marketplace compared with its gateway (R16).
import { reconcileDay, type ReconciliationDependencies } from '../reconciliation/reconcile-day';
import type { ReconcileDayRequest } from '../workflows/reconciliation-contracts';

export function createReconciliationActivities(deps: ReconciliationDependencies) {
  return {
    reconcileMarketplaceDay: (request: ReconcileDayRequest) => reconcileDay(deps, request),
  };
}
