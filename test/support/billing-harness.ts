// A running billing system for workflow scenarios: the time-skipping Temporal server, a fresh
// database, the simulated gateway and a real worker, plus a handle per seller that speaks in
// the terms of the rules (spend, change the limit, update the card, read the state).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createNotificationActivities } from '../../activities/notifications';
import { BillingCommandRelay } from '../../billing-commands/relay';
import { issueCredit } from '../../credits/issue-credit';
import { DomainError } from '../../domain/errors';
import { refundPayment } from '../../payments/refunds';
import type { PaymentGateway } from '../../payments/gateway';
import { tellBillingWorkflow } from '../../payments/saved-cards';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { createLogger } from '../../observability/logger';
import { setCreditLimitOverride } from '../../sellers/credit-limits';
import { BillingUnavailableError, SellerBillingClient } from '../../temporal/seller-billing-client';
import type { BillingWorkers } from '../../worker/billing-worker';
import { sellerBillingWorkflowId } from '../../workflows/ids';
import type { BillingStateView } from '../../workflows/messages';
import { createTestDatabase, type TestDatabase } from './database';
import {
  createMarketplace,
  createSelfServiceSeller,
  setDefaultCard,
  type MarketplaceOptions,
} from './fixtures';
import { createTestWorker, createTimeSkippingEnvironment } from './temporal';
import { waitFor } from './wait-for';

export class BillingHarness {
  /** Every workflow this harness started, with its first run, for history recording. */
  private readonly started: Array<{ workflowId: string; firstRunId: string }> = [];

  private constructor(
    readonly env: TestWorkflowEnvironment,
    readonly database: TestDatabase,
    readonly gateway: SimulatedGateway,
    readonly billing: SellerBillingClient,
    readonly commands: BillingCommandRelay,
    private readonly worker: BillingWorkers,
    private readonly running: Promise<void>,
  ) {}

  /** Starts everything; `wrapCharge` lets a test put a faulty network in front of charges. */
  static async start(wrapCharge?: (charge: ChargeCall) => ChargeCall): Promise<BillingHarness> {
    const [env, database] = await Promise.all([
      createTimeSkippingEnvironment(),
      createTestDatabase(),
    ]);
    const gateway = new SimulatedGateway();
    const worker = await createTestWorker(env, {
      db: database.db,
      gateway: wrapCharge
        ? withCharge(gateway, wrapCharge(gateway.chargeOffSession.bind(gateway)))
        : gateway,
      logger: createLogger('test-worker'),
    });
    const running = worker.run();
    const billing = new SellerBillingClient(env.client, database.db);
    const commands = new BillingCommandRelay({
      db: database.db,
      billing,
      logger: createLogger('test-commands'),
    });
    return new BillingHarness(env, database, gateway, billing, commands, worker, running);
  }

  /** Saves the first and the latest run of every workflow as replay fixtures into `folder`
   * (scripts/record-histories.sh sets RECORD_HISTORIES_DIR), in protobuf binary (the JSON helpers
   * trip over two protobufjs copies in this install). */
  private async recordHistories(folder: string): Promise<void> {
    const testFile = path.basename(expect.getState().testPath ?? 'unknown', '.test.ts');
    fs.mkdirSync(folder, { recursive: true });
    let index = 0;
    for (const { workflowId, firstRunId } of this.started) {
      const latestRunId = (await this.env.client.workflow.getHandle(workflowId).describe()).runId;
      for (const runId of new Set([firstRunId, latestRunId])) {
        // One large page: the test server keeps handing out page tokens for a running workflow.
        const { history } = await this.env.client.workflowService.getWorkflowExecutionHistory({
          namespace: this.env.namespace ?? 'default',
          execution: { workflowId, runId },
          maximumPageSize: 100_000,
        });
        if (!history) throw new Error(`no history for ${workflowId}/${runId}`);
        index += 1;
        const file = path.join(folder, `${testFile}-${String(index).padStart(2, '0')}.binpb`);
        fs.writeFileSync(file, temporal.api.history.v1.History.encode(history).finish());
      }
    }
  }

  get db() {
    return this.database.db;
  }

  /** Moves the test server's clock to just past `iso` (timers due by then fire). */
  async sleepPast(iso: string, extraMs = 60_000): Promise<void> {
    const now = await this.env.currentTimeMs();
    await this.env.sleep(Math.max(Date.parse(iso) - now + extraMs, 1));
  }

  async stop(): Promise<void> {
    const recordInto = process.env.RECORD_HISTORIES_DIR;
    if (recordInto) await this.recordHistories(recordInto);
    this.worker.shutdown();
    await this.running;
    await this.database.close();
    await this.env.teardown();
  }

  /** A self-service seller with its billing workflow started. */
  async seller(
    options: MarketplaceOptions & {
      paymentMethodId?: string;
      campaigns?: number;
      continueAsNewAfterEvents?: number;
    } = {},
  ): Promise<SellerUnderTest> {
    const marketplace = await createMarketplace(this.db, options);
    const { seller, campaigns } = await createSelfServiceSeller(this.db, marketplace.id, options);
    await this.billing.start(marketplace.id, seller.id, {
      continueAsNewAfterEvents: options.continueAsNewAfterEvents,
    });
    const workflowId = sellerBillingWorkflowId(marketplace.id, seller.id);
    const { runId } = await this.env.client.workflow.getHandle(workflowId).describe();
    this.started.push({ workflowId, firstRunId: runId });
    return new SellerUnderTest(
      this,
      marketplace.id,
      seller.id,
      campaigns.map((c) => c.id),
    );
  }
}

type ChargeCall = PaymentGateway['chargeOffSession'];

/** The same gateway, seen through a different charge call. */
function withCharge(gateway: SimulatedGateway, chargeOffSession: ChargeCall): PaymentGateway {
  return Object.assign(Object.create(gateway) as SimulatedGateway, { chargeOffSession });
}

export class SellerUnderTest {
  constructor(
    private readonly harness: BillingHarness,
    readonly marketplaceId: string,
    readonly sellerId: string,
    readonly campaignIds: string[],
  ) {}

  /** Reports spend as the relay would: one batch, by default all on the first campaign. */
  async spend(
    micros: number,
    options: { campaign?: number; batchId?: string } = {},
  ): Promise<string> {
    const batchId = options.batchId ?? randomUUID();
    const campaignId = this.campaignIds[options.campaign ?? 0] as string;
    await this.harness.billing.signalSpend(this.marketplaceId, this.sellerId, {
      batchId,
      totalMicros: micros,
      byCampaignMicros: { [campaignId]: micros },
    });
    return batchId;
  }

  /** The admin overrides the seller's limit; billing hears of it through the command outbox. */
  async changeCreditLimit(creditLimitMinor: number): Promise<void> {
    const { marketplace, ...seller } = await this.harness.db.seller.findUniqueOrThrow({
      where: { id: this.sellerId },
      include: { marketplace: true },
    });
    await setCreditLimitOverride(this.harness, marketplace, seller, creditLimitMinor);
  }

  /** The seller saves another card (a Stripe test PaymentMethod) and billing hears of it. */
  async updateCard(paymentMethodId: string): Promise<void> {
    await setDefaultCard(this.harness.db, this.sellerId, paymentMethodId);
    await tellBillingWorkflow(this.harness, this, 'payment_method_updated');
  }

  /** The admin credits the seller against unbilled spend (R14); null when refused with 409. */
  async credit(amountMinor: number, reason = 'Invalid traffic') {
    const seller = await this.harness.db.seller.findUniqueOrThrow({
      where: { id: this.sellerId },
      include: { marketplace: true },
    });
    return refusedAsNull(() => issueCredit(this.harness, seller, { amountMinor, reason }));
  }

  /** The admin refunds part of a payment (R14); null when refused with 409. */
  async refund(paymentId: string, amountMinor: number, reason = 'Invalid traffic') {
    const { db, gateway } = this.harness;
    const logger = createLogger('test-refunds');
    const { notify } = createNotificationActivities({ db, logger });
    return refusedAsNull(() =>
      refundPayment({ db, gateway, logger, notify }, this.marketplaceId, paymentId, {
        amountMinor,
        reason,
      }),
    );
  }

  /**
   * Replaces the seller's cards with this one without telling billing (as if the card on file
   * were reissued): no other card is left to back it up (R13).
   */
  async swapCardSilently(paymentMethodId: string): Promise<void> {
    const card = await setDefaultCard(this.harness.db, this.sellerId, paymentMethodId);
    await this.harness.db.paymentMethod.updateMany({
      where: { sellerId: this.sellerId, id: { not: card.id }, removedAt: null },
      data: { removedAt: new Date() },
    });
  }

  async state(): Promise<BillingStateView> {
    const state = await this.harness.billing.state(this.marketplaceId, this.sellerId);
    if (!state) throw new Error('the seller has no billing workflow');
    return state;
  }

  /**
   * Waits until the workflow's state satisfies `check` (its activities run asynchronously). A
   * query the busy worker does not answer in time is asked again, not a failure.
   */
  async stateWhen(check: (state: BillingStateView) => boolean): Promise<BillingStateView> {
    let last: BillingStateView | undefined;
    await waitFor(async () => {
      try {
        last = await this.state();
      } catch (error) {
        if (error instanceof BillingUnavailableError) return false;
        throw error;
      }
      return check(last);
    });
    return last as BillingStateView;
  }

  payments() {
    return this.harness.db.payment.findMany({
      where: { sellerId: this.sellerId },
      orderBy: { createdAt: 'asc' },
    });
  }

  async campaignStatuses(): Promise<string[]> {
    const campaigns = await this.harness.db.campaign.findMany({
      where: { sellerId: this.sellerId },
      orderBy: { name: 'asc' },
    });
    return campaigns.map((campaign) => campaign.status);
  }

  notifications(kind?: string) {
    return this.harness.db.notification.findMany({
      where: { sellerId: this.sellerId, ...(kind ? { kind } : {}) },
      orderBy: { createdAt: 'asc' },
    });
  }

  /** Waits until `count` notifications of `kind` exist (the notify activity runs after the state changes). */
  async notificationsWhen(kind: string, count: number) {
    await waitFor(async () => (await this.notifications(kind)).length >= count);
    return this.notifications(kind);
  }

  handle() {
    return this.harness.env.client.workflow.getHandle(
      sellerBillingWorkflowId(this.marketplaceId, this.sellerId),
    );
  }
}

/** What a command answers, or null when a rule refused it with 409. */
async function refusedAsNull<T>(command: () => Promise<T>): Promise<T | null> {
  try {
    return await command();
  } catch (error) {
    if (error instanceof DomainError && error.status === 409) return null;
    throw error;
  }
}

export const DOLLARS = 1_000_000; // micros per USD

/** Recorded histories, one folder per workflow code version (v1, v2, …), all replayed. */
export const HISTORY_FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'histories');
