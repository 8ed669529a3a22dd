// The admin's reads of reconciliation runs (R16): a marketplace's runs newest first, and one run
// with every difference it found.
import type { Database } from '../db/client';
import { notFoundError } from '../domain/errors';
import { afterCursor, PAGE_ORDER, pageOf, type PageRequest } from '../domain/pagination';

export async function reconciliationRunsPage(
  db: Database,
  marketplaceId: string,
  request: PageRequest,
) {
  const rows = await db.reconciliationRun.findMany({
    where: { AND: [{ marketplaceId }, afterCursor(request.cursor)] },
    orderBy: PAGE_ORDER,
    take: request.limit + 1,
  });
  return pageOf(rows, request.limit);
}

export async function reconciliationRunWithDifferences(
  db: Database,
  marketplaceId: string,
  runId: string,
) {
  const run = await db.reconciliationRun.findFirst({
    where: { id: runId, marketplaceId },
    include: { differences: { orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] } },
  });
  if (!run) throw notFoundError('Reconciliation');
  return run;
}
