// Two worker processes (each with its spend and command relays) on one database and one real
// Temporal server bring N sellers over their credit limit; once half are charged the rest go
// over theirs and one worker is killed with SIGKILL (at once, or once some of them are charged).
// What it reports lets a caller check that exactly N charges succeeded, one per seller, and that
// no idempotency key was charged twice.
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { recordBillingCommands } from '../../billing-commands/record';
import type { Database } from '../../db/client';
import { recordSpendEvents } from '../../spend/ledger';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import { addSavedCard, createMarketplace, createSelfServiceSeller, spendEvent } from './fixtures';
import { waitFor } from './wait-for';
import { startWorkerProcess, type WorkerProcess } from './worker-process';
import { backgroundTemporalConnection } from '../../temporal/client-connection';

/** $100 limit and $120 of spend per seller: one credit-limit charge of 12,000 minor each. */
export const CREDIT_LIMIT_MINOR = 10_000;
export const SPEND_MICROS = 120_000_000;
export const CHARGE_MINOR = SPEND_MICROS / 10_000;

export interface TwoWorkersRunOptions {
  sellers: number;
  db: Database;
  databaseUrl: string;
  temporalAddress: string;
  /** Where the worker processes write their output. */
  logDir: string;
  /** Charges of the second wave to wait for before the kill, so that it lands amid work whose
   * timing varies (0, the default: at once, so the whole second wave is still to come). */
  killAfterSecondWaveCharges?: number;
  /** How long to wait for each stage; a cap against a stuck run, never a measured bound. */
  stageTimeoutMs: number;
  /** R13: every seller's default card is declined and a further saved card pays instead. */
  backupCards?: boolean;
}

export interface TwoWorkersOutcome {
  /** Succeeded charges when the first wave was done and the second was recorded. */
  chargedAtKill: number;
  /** Charges each worker's gateway answered as succeeded: the killed one's read just before its
   * kill, the survivor's at the end. Their sum exceeds N by the charges sent twice (the same key
   * again after the kill, which a real gateway answers from its idempotency record). */
  gatewayCharges: { killed: number; survivor: number };
  /** Every payment row of the marketplace. */
  payments: Array<{
    sellerId: string;
    idempotencyKey: string;
    status: string;
    amountMinor: bigint;
  }>;
  sellerIds: string[];
  /** ms from the first wave's spend to the last charge, and from the kill to the last charge. */
  firstSpendToLastChargeMs: number;
  killToLastChargeMs: number;
}

export async function runTwoWorkers(options: TwoWorkersRunOptions): Promise<TwoWorkersOutcome> {
  const { db } = options;
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: CREDIT_LIMIT_MINOR });
  const sellers: Array<Awaited<ReturnType<typeof createSelfServiceSeller>>> = [];
  for (let i = 0; i < options.sellers; i += 1) {
    const paymentMethodId = options.backupCards ? 'pm_card_chargeDeclined' : undefined;
    const made = await createSelfServiceSeller(db, marketplace.id, {
      name: `Seller ${i}`,
      paymentMethodId,
    });
    if (options.backupCards) {
      await addSavedCard(db, made.seller.id, 'pm_card_visa', { createdAt: new Date(0) });
    }
    sellers.push(made);
  }
  // Every seller's workflow is started by whichever command relay leases its command.
  await db.$transaction((tx) =>
    recordBillingCommands(tx, { marketplaceId: marketplace.id }, 'start'),
  );
  fs.mkdirSync(options.logDir, { recursive: true });
  const workers: WorkerProcess[] = await Promise.all(
    ['a', 'b'].map((name) =>
      startWorkerProcess({
        databaseUrl: options.databaseUrl,
        temporalAddress: options.temporalAddress,
        logFile: path.join(options.logDir, `worker-${name}.log`),
      }),
    ),
  );
  const [doomed, survivor] = workers as [WorkerProcess, WorkerProcess];
  const connection = await backgroundTemporalConnection(options.temporalAddress);
  try {
    await waitFor(
      async () =>
        (await db.billingCommand.count({
          where: { marketplaceId: marketplace.id, deliveredAt: null },
        })) === 0,
      options.stageTimeoutMs,
    );
    const succeeded = () =>
      db.payment.count({ where: { marketplaceId: marketplace.id, status: 'succeeded' } });
    const overLimit = (wave: typeof sellers) =>
      recordSpendEvents(
        db,
        marketplace.id,
        wave.map(({ seller, campaigns }) =>
          spendEvent(`over-${seller.id}`, seller.id, campaigns[0]!.id, SPEND_MICROS),
        ),
      );
    const half = Math.floor(sellers.length / 2);
    const firstSpendAt = Date.now();
    await overLimit(sellers.slice(0, half));
    await waitFor(async () => (await succeeded()) >= half, options.stageTimeoutMs);
    await overLimit(sellers.slice(half));
    await waitFor(
      async () => (await succeeded()) >= half + (options.killAfterSecondWaveCharges ?? 0),
      options.stageTimeoutMs,
    );
    const killedCharges = await doomed.succeededCharges();
    await doomed.kill();
    const killedAt = Date.now();
    const chargedAtKill = await succeeded();
    await waitFor(async () => (await succeeded()) >= sellers.length, options.stageTimeoutMs);
    // Settled: every workflow has charged all its spend and has no charge in flight, so no
    // further charge can still come.
    const billing = new SellerBillingClient(new Client({ connection }), db);
    for (const { seller } of sellers) {
      await waitFor(async () => {
        const state = await billing.state(marketplace.id, seller.id);
        return (
          state !== null &&
          !state.chargeInFlight &&
          state.unbilledMicros === 0 &&
          state.lifetimeChargedMicros === state.lifetimeSpendMicros
        );
      }, options.stageTimeoutMs);
    }
    const payments = await db.payment.findMany({
      where: { marketplaceId: marketplace.id },
      select: {
        sellerId: true,
        idempotencyKey: true,
        status: true,
        amountMinor: true,
        updatedAt: true,
      },
    });
    const lastChargeAt = Math.max(...payments.map((p) => p.updatedAt.getTime()));
    return {
      chargedAtKill,
      gatewayCharges: { killed: killedCharges, survivor: await survivor.succeededCharges() },
      payments: payments.map(({ updatedAt: _, ...payment }) => payment),
      sellerIds: sellers.map(({ seller }) => seller.id),
      firstSpendToLastChargeMs: lastChargeAt - firstSpendAt,
      killToLastChargeMs: lastChargeAt - killedAt,
    };
  } finally {
    await connection.close();
    await Promise.all([doomed.kill(), survivor.stop()]);
  }
}

/** What breaks "exactly one succeeded charge per seller, of its spend, no key twice"; empty when
 * none does. */
export function exactlyOnceProblems(outcome: TwoWorkersOutcome): string[] {
  const problems: string[] = [];
  const succeeded = outcome.payments.filter((p) => p.status === 'succeeded');
  const chargesBySeller = new Map<string, number>();
  for (const p of succeeded)
    chargesBySeller.set(p.sellerId, (chargesBySeller.get(p.sellerId) ?? 0) + 1);
  if (succeeded.length !== outcome.sellerIds.length) {
    problems.push(`${succeeded.length} succeeded charges for ${outcome.sellerIds.length} sellers`);
  }
  for (const sellerId of outcome.sellerIds) {
    const charges = chargesBySeller.get(sellerId) ?? 0;
    if (charges !== 1) problems.push(`seller ${sellerId} charged ${charges} times`);
  }
  const keys = new Set(outcome.payments.map((p) => p.idempotencyKey));
  if (keys.size !== outcome.payments.length) {
    problems.push(`${outcome.payments.length - keys.size} idempotency keys used twice`);
  }
  for (const p of outcome.payments) {
    if (p.status !== 'succeeded' || p.amountMinor !== BigInt(CHARGE_MINOR)) {
      problems.push(`payment ${p.idempotencyKey}: ${p.status}, ${p.amountMinor} minor`);
    }
  }
  return problems;
}
