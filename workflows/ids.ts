// Names every seller billing workflow is known by: its id, task queues and search attributes.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const BILLING_TASK_QUEUE = 'billing';

/**
 * The queue the charge activity runs on, beside the workflows' queue: its own queue so that
 * Temporal's task-queue rate limit paces charges across every worker (issue 13).
 */
export function chargeTaskQueue(workflowTaskQueue: string): string {
  return `${workflowTaskQueue}-charges`;
}

export function sellerBillingWorkflowId(marketplaceId: string, sellerId: string): string {
  return `billing:${marketplaceId}:${sellerId}`;
}

export const marketplaceIdSearchAttribute = defineSearchAttributeKey(
  'MarketplaceId',
  SearchAttributeType.KEYWORD,
);
export const sellerIdSearchAttribute = defineSearchAttributeKey(
  'SellerId',
  SearchAttributeType.KEYWORD,
);
export const billingStatusSearchAttribute = defineSearchAttributeKey(
  'BillingStatus',
  SearchAttributeType.KEYWORD,
);

/** Custom search attributes to register on a Temporal namespace (name → type for the CLI). */
export const BILLING_SEARCH_ATTRIBUTES = {
  MarketplaceId: 'Keyword',
  SellerId: 'Keyword',
  BillingStatus: 'Keyword',
} as const;

/** The Temporal Schedule that reconciles a marketplace with its gateway every day (R16). */
export function reconciliationScheduleId(marketplaceId: string): string {
  return `reconciliation:${marketplaceId}`;
}

/** A reconciliation run started on demand (the schedule's own runs get the schedule's id). */
export function onDemandReconciliationWorkflowId(marketplaceId: string, requestId: string): string {
  return `reconciliation:${marketplaceId}:on-demand:${requestId}`;
}
