// Tells a charge the gateway refused (declined, needs authentication, no card) from any other
// activity failure, which the workflow rethrows.
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { CHARGE_FAILURE_TYPES, type ChargeFailureDetails } from './activity-contracts';
import type { ChargeFailure } from './billing-core';

export function chargeFailureOf(error: unknown): ChargeFailure | null {
  if (!(error instanceof ActivityFailure) || !(error.cause instanceof ApplicationFailure)) {
    return null;
  }
  const cause = error.cause;
  const known: readonly string[] = Object.values(CHARGE_FAILURE_TYPES);
  if (!cause.type || !known.includes(cause.type)) return null;
  const details = (cause.details?.[0] ?? {}) as Partial<ChargeFailureDetails>;
  return {
    code: details.code ?? cause.type,
    message: details.message ?? cause.message,
    requiresAction: cause.type === CHARGE_FAILURE_TYPES.authenticationRequired,
  };
}
