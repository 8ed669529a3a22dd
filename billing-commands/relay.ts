// The billing-command relay: delivers the outbox's commands to the seller billing workflows. Each
// command is leased (claimed with a lease time, FOR UPDATE SKIP LOCKED, so relays side by side
// take different commands), then delivered with signalWithStart carrying the seller's limit and
// settings as stored at delivery time, and marked delivered. A relay that dies mid-way leaves the
// lease to run out and the command is delivered again; the workflow applies a command id once.
//
// Each command succeeds or fails on its own: one that cannot be delivered (the workflow was
// terminated, Temporal failed) is set aside with its reason and retried with backoff, and never
// holds the others. The API delivers the commands of a request at once (`deliverNow`); the
// worker's loop delivers whatever that missed.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Database } from '../db/client';
import { Prisma } from '../generated/prisma';
import type { Logger } from '../observability/logger';
import {
  billingConfigOf,
  billingInputOf,
  type SellerWithMarketplace,
} from '../temporal/billing-input';
import type { SellerBillingClient } from '../temporal/seller-billing-client';
import { runPasses, type PollingLoop } from '../worker/poll-loop';
import type { BillingCommandKind, CreditCommand } from '../workflows/messages';

export interface CommandRelayPolicy {
  pollIntervalMs: number;
  /** Commands leased per round; a pass takes rounds until one comes back short. */
  batchSize: number;
  /** Rounds per pass at most, so one pass ends even while commands keep arriving. */
  roundsPerPass: number;
  /** Deliveries in flight at once. */
  concurrency: number;
  /** A leased command not marked within this is delivered again by any relay. */
  leaseMs: number;
  /** A delivery that takes longer is abandoned and retried. */
  deliveryTimeoutMs: number;
  /** A command set aside is retried after this, doubling each time up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** The most commands a request delivers itself; a larger fan-out is left to the loop. */
  deliverNowLimit: number;
}

export const DEFAULT_COMMAND_RELAY_POLICY: CommandRelayPolicy = {
  pollIntervalMs: 500,
  batchSize: 200,
  roundsPerPass: 10,
  concurrency: 16,
  leaseMs: 30_000,
  deliveryTimeoutMs: 5_000,
  retryBaseMs: 5_000,
  retryMaxMs: 60 * 60_000,
  deliverNowLimit: 50,
};

/** What a request needs to deliver the commands it committed. */
export type CommandDelivery = Pick<BillingCommandRelay, 'deliverNow'>;

/** Why a command is set aside. */
export type CommandSetAsideReason = 'workflow_not_running' | 'delivery_failed';

export interface BillingCommandRelayOptions {
  db: Database;
  billing: Pick<SellerBillingClient, 'deliverCommand'>;
  logger: Logger;
  policy?: Partial<CommandRelayPolicy>;
  /** The relay's clock; tests pass a simulated one to reach a retry time. */
  now?: () => number;
}

interface LeasedCommand {
  id: string;
  marketplaceId: string;
  sellerId: string;
  kind: BillingCommandKind;
  attempts: number;
}

type Outcome =
  { delivered: true } | { delivered: false; reason: CommandSetAsideReason; error: string };

export class BillingCommandRelay implements PollingLoop {
  readonly policy: CommandRelayPolicy;
  private readonly now: () => number;

  constructor(private readonly options: BillingCommandRelayOptions) {
    this.policy = { ...DEFAULT_COMMAND_RELAY_POLICY, ...options.policy };
    this.now = options.now ?? Date.now;
  }

  /** Runs passes every poll interval until `stop` aborts; a failed pass is logged and retried. */
  run(stop: AbortSignal): Promise<void> {
    return runPasses(this, stop, this.options.logger, 'billing command relay pass failed');
  }

  /** Delivers every due command, round after round; answers how many were delivered. */
  async pass(): Promise<number> {
    let delivered = 0;
    for (let round = 0; round < this.policy.roundsPerPass; round += 1) {
      const leased = await this.lease();
      delivered += await this.deliver(leased);
      if (leased.length < this.policy.batchSize) break;
    }
    return delivered;
  }

  /**
   * Delivers the commands a request just committed, when they are few; never throws: what is
   * not delivered here stays in the outbox for the loop.
   */
  async deliverNow(commandIds: string[]): Promise<void> {
    if (commandIds.length === 0 || commandIds.length > this.policy.deliverNowLimit) return;
    try {
      await this.deliver(await this.lease(commandIds));
    } catch (error) {
      this.options.logger.warn(
        { err: error, commands: commandIds.length },
        'billing commands not delivered at once; the relay will deliver them',
      );
    }
  }

  /**
   * Leases due commands: the given fresh ones, or the oldest due. The lease pushes their retry
   * time forward, so no other relay takes them while this one delivers.
   */
  private async lease(commandIds?: string[]): Promise<LeasedCommand[]> {
    const nowIso = new Date(this.now()).toISOString();
    const leaseSecs = this.policy.leaseMs / 1000;
    const rows = await this.options.db.$queryRaw<
      Array<{
        id: string;
        marketplace_id: string;
        seller_id: string;
        kind: BillingCommandKind;
        attempts: number;
      }>
    >`
      UPDATE billing_commands
      SET attempts = attempts + 1,
        next_attempt_at = ${nowIso}::timestamp + make_interval(secs => ${leaseSecs})
      WHERE id IN (
        SELECT id FROM billing_commands
        WHERE delivered_at IS NULL AND ${
          commandIds
            ? Prisma.sql`id = ANY(${commandIds}::uuid[]) AND attempts = 0`
            : Prisma.sql`next_attempt_at <= ${nowIso}::timestamp`
        }
        ORDER BY next_attempt_at
        LIMIT ${this.policy.batchSize}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, marketplace_id, seller_id, kind, attempts`;
    return rows.map((row) => ({
      id: row.id,
      marketplaceId: row.marketplace_id,
      sellerId: row.seller_id,
      kind: row.kind,
      attempts: row.attempts,
    }));
  }

  /** Delivers leased commands with the sellers' settings read now; answers how many arrived. */
  private async deliver(commands: LeasedCommand[]): Promise<number> {
    if (commands.length === 0) return 0;
    const sellers = await this.options.db.seller.findMany({
      where: { id: { in: [...new Set(commands.map((c) => c.sellerId))] } },
      include: { marketplace: true },
    });
    const sellerById = new Map(sellers.map((seller) => [seller.id, seller]));
    const credits = await this.creditsOf(commands);
    let delivered = 0;
    const width = this.policy.concurrency;
    for (let start = 0; start < commands.length; start += width) {
      const chunk = commands.slice(start, start + width);
      const arrived = await Promise.all(
        chunk.map(async (command) => {
          const outcome = await this.deliverOne(
            command,
            sellerById.get(command.sellerId),
            credits.get(command.id),
          );
          await this.record(command, outcome);
          return outcome.delivered;
        }),
      );
      delivered += arrived.filter(Boolean).length;
    }
    return delivered;
  }

  /** The credit each `credit_issued` command carries (R14), by command id. */
  private async creditsOf(commands: LeasedCommand[]): Promise<Map<string, CreditCommand>> {
    const commandIds = commands.filter((c) => c.kind === 'credit_issued').map((c) => c.id);
    if (commandIds.length === 0) return new Map();
    const credits = await this.options.db.credit.findMany({
      where: { billingCommandId: { in: commandIds } },
    });
    return new Map(
      credits.map((credit) => [
        credit.billingCommandId,
        { creditId: credit.id, amountMinor: Number(credit.requestedMinor) },
      ]),
    );
  }

  private async deliverOne(
    command: LeasedCommand,
    seller: SellerWithMarketplace | undefined,
    credit: CreditCommand | undefined,
  ): Promise<Outcome> {
    // A seller that is gone or no longer self-service has no workflow to tell.
    if (!seller || seller.billingMode !== 'self_service') return { delivered: true };
    try {
      await this.options.billing.deliverCommand(
        billingInputOf(seller),
        {
          commandId: command.id,
          kind: command.kind,
          config: billingConfigOf(seller),
          ...(credit ? { credit } : {}),
        },
        { withinMs: this.policy.deliveryTimeoutMs },
      );
      return { delivered: true };
    } catch (error) {
      const reason =
        error instanceof WorkflowExecutionAlreadyStartedError
          ? 'workflow_not_running'
          : 'delivery_failed';
      return { delivered: false, reason, error: (error as Error).message };
    }
  }

  /** Marks a command delivered, or sets it aside until its next retry and says so. */
  private async record(command: LeasedCommand, outcome: Outcome): Promise<void> {
    const { db, logger } = this.options;
    const nowIso = new Date(this.now()).toISOString();
    if (outcome.delivered) {
      await db.$executeRaw`
        UPDATE billing_commands
        SET delivered_at = ${nowIso}::timestamp, set_aside_reason = NULL, last_error = NULL
        WHERE id = ${command.id}::uuid`;
      return;
    }
    const { retryBaseMs, retryMaxMs } = this.policy;
    const retryInMs = Math.min(retryBaseMs * 2 ** (command.attempts - 1), retryMaxMs);
    await db.$executeRaw`
      UPDATE billing_commands
      SET set_aside_reason = ${outcome.reason}, last_error = ${outcome.error.slice(0, 500)},
        next_attempt_at = ${nowIso}::timestamp + make_interval(secs => ${retryInMs / 1000})
      WHERE id = ${command.id}::uuid`;
    logger.warn(
      {
        commandId: command.id,
        kind: command.kind,
        sellerId: command.sellerId,
        marketplaceId: command.marketplaceId,
        reason: outcome.reason,
        attempts: command.attempts,
        retryInMs,
      },
      'billing command set aside; the others keep flowing',
    );
  }
}
