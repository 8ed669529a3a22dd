// The daily reconciliation of one marketplace with its payment gateway (R16): its Schedule starts
// it every morning for the previous local day, and the API on demand for any day. The comparison
// is one activity, which records what it found and tells the admin; nothing is ever corrected.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createBillingActivities } from '../activities';
import type { ReconciliationInput, ReconciliationSummary } from './reconciliation-contracts';

const { reconcileMarketplaceDay } = proxyActivities<ReturnType<typeof createBillingActivities>>({
  // A day's charges are read page by page from the gateway: a busy marketplace takes a while.
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function marketplaceReconciliation(
  input: ReconciliationInput,
): Promise<ReconciliationSummary> {
  const { workflowId, runId } = workflowInfo();
  return reconcileMarketplaceDay({
    ...input,
    runKey: `${workflowId}/${runId}`,
    asOfMs: Date.now(),
  });
}
