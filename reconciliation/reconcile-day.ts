// Runs one day's reconciliation of a marketplace (R16): reads both sides of the day, compares
// them, and writes the run with its differences and, when there are any, the admin's
// notification (e-mailed by the dispatcher) in one transaction. It corrects nothing.
import { DEFAULT_PUBLIC_API_URL } from '../config/environment';
import type { Database } from '../db/client';
import type { Logger } from '../observability/logger';
import type { PaymentGateway } from '../payments/gateway';
import { localDay, localDayBefore } from '../rules';
import type {
  ReconcileDayRequest,
  ReconciliationSummary,
} from '../workflows/reconciliation-contracts';
import { compareRecords, MATCHING_MARGIN_MS } from './compare';
import { RECORD_READERS } from './records';
import { reconciliationReport } from './report-text';

export interface ReconciliationDependencies {
  db: Database;
  gateway: PaymentGateway;
  logger: Logger;
  publicApiUrl?: string;
}

export async function reconcileDay(
  deps: ReconciliationDependencies,
  request: ReconcileDayRequest,
): Promise<ReconciliationSummary> {
  const { db, gateway } = deps;
  const done = await db.reconciliationRun.findUnique({ where: { runKey: request.runKey } });
  if (done) return { runId: done.id, day: done.day, differenceCount: done.differenceCount };

  const marketplace = await db.marketplace.findUniqueOrThrow({
    where: { id: request.marketplaceId },
    include: { stripeConnection: true },
  });
  const period = request.day
    ? localDay(request.day, marketplace.timeZone)
    : localDayBefore(request.asOfMs, marketplace.timeZone);
  const window = {
    startsAtMs: period.startsAtMs - MATCHING_MARGIN_MS,
    endsAtMs: period.endsAtMs + MATCHING_MARGIN_MS,
  };
  const marketplaceAccount = {
    id: marketplace.id,
    connectedAccountId: marketplace.stripeConnection?.accountId ?? null,
  };
  const sides = await Promise.all(
    RECORD_READERS.map((read) => read(db, gateway, marketplaceAccount, window)),
  );
  const records = {
    ours: sides.flatMap((side) => side.ours),
    theirs: sides.flatMap((side) => side.theirs),
  };
  const differences = compareRecords(period, records.ours, records.theirs);
  const inDay = (atMs: number) => atMs >= period.startsAtMs && atMs < period.endsAtMs;

  const run = await db.$transaction(async (tx) => {
    const created = await tx.reconciliationRun.create({
      data: {
        marketplaceId: marketplace.id,
        runKey: request.runKey,
        day: period.day,
        periodStartsAt: new Date(period.startsAtMs),
        periodEndsAt: new Date(period.endsAtMs),
        gateway: gateway.name,
        trigger: request.trigger,
        ourRecords: records.ours.filter((record) => inDay(record.occurredAtMs)).length,
        gatewayRecords: records.theirs.filter((record) => inDay(record.occurredAtMs)).length,
        differenceCount: differences.length,
        differences: {
          create: differences.map((difference) => ({
            kind: difference.kind,
            recordKind: difference.recordKind,
            gatewayId: difference.gatewayId,
            ourRecordId: difference.ourRecordId,
            sellerId: difference.sellerId,
            currency: difference.currency,
            ourAmountMinor: bigintOrNull(difference.ourAmountMinor),
            gatewayAmountMinor: bigintOrNull(difference.gatewayAmountMinor),
            ourStatus: difference.ourStatus,
            gatewayStatus: difference.gatewayStatus,
            occurredAt: new Date(difference.occurredAtMs),
          })),
        },
      },
    });
    if (differences.length > 0) {
      const publicApiUrl = (deps.publicApiUrl ?? DEFAULT_PUBLIC_API_URL).replace(/\/+$/, '');
      const report = reconciliationReport({
        day: period.day,
        gateway: gateway.name,
        marketplaceName: marketplace.name,
        differences,
        pageUrl: `${publicApiUrl}/portal/marketplaces/${marketplace.id}/reconciliations/${created.id}`,
      });
      await tx.notification.create({
        data: {
          marketplaceId: marketplace.id,
          recipientRole: 'admin',
          kind: 'reconciliation_differences',
          ...report,
          dedupeKey: `reconciliation:${created.id}:admin`,
        },
      });
    }
    return created;
  });
  deps.logger.info(
    {
      marketplaceId: marketplace.id,
      day: period.day,
      runId: run.id,
      differences: differences.length,
    },
    'reconciliation recorded',
  );
  return { runId: run.id, day: run.day, differenceCount: run.differenceCount };
}

function bigintOrNull(value: number | null): bigint | null {
  return value === null ? null : BigInt(value);
}
