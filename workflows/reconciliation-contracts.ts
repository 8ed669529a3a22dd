// What the reconciliation workflow and its activity exchange: the types both sides use.

export type ReconciliationTrigger = 'schedule' | 'on_demand';

export interface ReconciliationInput {
  marketplaceId: string;
  /** A local day (YYYY-MM-DD) to reconcile; null: the day before the run's, in the marketplace's zone. */
  day: string | null;
  trigger: ReconciliationTrigger;
}

export interface ReconcileDayRequest extends ReconciliationInput {
  /** Names the run once: a retried activity finds the run it already wrote. */
  runKey: string;
  /** The workflow's time when it asked: the day before it is the default day. */
  asOfMs: number;
}

export interface ReconciliationSummary {
  runId: string;
  day: string;
  differenceCount: number;
}
