// Reconciliation runs and their differences as the admin sees them: money as integer minor units.
import type { ReconciliationDifference, ReconciliationRun } from '../generated/prisma';

export function reconciliationRunView(run: ReconciliationRun) {
  return {
    id: run.id,
    day: run.day,
    periodStartsAt: run.periodStartsAt.toISOString(),
    periodEndsAt: run.periodEndsAt.toISOString(),
    gateway: run.gateway,
    trigger: run.trigger,
    ourRecords: run.ourRecords,
    gatewayRecords: run.gatewayRecords,
    differenceCount: run.differenceCount,
    createdAt: run.createdAt.toISOString(),
  };
}

const numberOrNull = (value: bigint | null) => (value === null ? null : Number(value));

export function reconciliationDifferenceView(difference: ReconciliationDifference) {
  return {
    kind: difference.kind,
    recordKind: difference.recordKind,
    gatewayId: difference.gatewayId,
    ourRecordId: difference.ourRecordId,
    sellerId: difference.sellerId,
    currency: difference.currency,
    ourAmountMinor: numberOrNull(difference.ourAmountMinor),
    gatewayAmountMinor: numberOrNull(difference.gatewayAmountMinor),
    ourStatus: difference.ourStatus,
    gatewayStatus: difference.gatewayStatus,
    occurredAt: difference.occurredAt.toISOString(),
  };
}
