// Liveness and readiness: whether the process is up, and whether the services it needs (the
// database, Temporal) answer right now, each named with its state. A check that does not answer
// within its time is down: a caller learns it in seconds, never after a long hang.
import type { Database } from '../db/client';
import type { SellerBillingClient } from '../temporal/seller-billing-client';
import { within } from './within';

export type DependencyState = 'up' | 'down';

export interface Readiness {
  ready: boolean;
  checks: { database: DependencyState; temporal: DependencyState };
}

/** How long one dependency may take to answer a readiness check. */
export const READINESS_CHECK_MS = 2_000;

export async function readiness(deps: {
  db: Database;
  billing: Pick<SellerBillingClient, 'ping'>;
}): Promise<Readiness> {
  const [database, temporal] = await Promise.all([
    stateOf(() => deps.db.$queryRaw`SELECT 1`),
    stateOf(() => deps.billing.ping(READINESS_CHECK_MS)),
  ]);
  return { ready: database === 'up' && temporal === 'up', checks: { database, temporal } };
}

async function stateOf(check: () => Promise<unknown>): Promise<DependencyState> {
  try {
    await within(READINESS_CHECK_MS, check);
    return 'up';
  } catch {
    return 'down';
  }
}
