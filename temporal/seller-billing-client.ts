// Client-side access to seller billing workflows: start one when a seller becomes self-service,
// deliver spend and billing commands, read its state. Used by the API, the relay and the seed.
// Every call is bounded (temporal/bounded-call.ts): Temporal out of reach throws
// TemporalUnavailableError within the bound, which the API answers 503 temporal_unavailable.
import { Client, WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/client';
import type { Database } from '../db/client';
import {
  BILLING_TASK_QUEUE,
  billingStatusSearchAttribute,
  marketplaceIdSearchAttribute,
  sellerBillingWorkflowId,
  sellerIdSearchAttribute,
} from '../workflows/ids';
import {
  billingCommandSignal,
  billingStateQuery,
  deliverSpendUpdate,
  spendSignal,
  type BillingCommandSignal,
  type BillingProjection,
  type BillingStateView,
  type BillingStatus,
  type SellerBillingInput,
  type SpendBatchSignal,
} from '../workflows/messages';
import { billingStaticDetails, billingSummary } from '../workflows/billing-details';
import { sellerBilling } from '../workflows/seller-billing';
import { DomainError } from '../domain/errors';
import { sellerBillingInput } from './billing-input';
import { BACKGROUND_TEMPORAL_CALL_TIMEOUT_MS, boundedCall } from './bounded-call';

/** A workflow that did not answer its query in time: its task failing, or no worker to run it. */
export class BillingUnavailableError extends DomainError {
  constructor(cause?: unknown) {
    super(
      503,
      'billing_unavailable',
      'The billing state cannot be read right now; try again shortly.',
    );
    this.cause = cause;
  }
}

export class SellerBillingClient {
  /** How long any call may take unless the caller says (the API passes its 1.5 s). */
  readonly callTimeoutMs: number;

  constructor(
    readonly client: Client,
    private readonly db: Database,
    options: { callTimeoutMs?: number } = {},
  ) {
    this.callTimeoutMs = options.callTimeoutMs ?? BACKGROUND_TEMPORAL_CALL_TIMEOUT_MS;
  }

  /** The same connection with another call timeout (the API's, beside a background caller). */
  withCallTimeout(callTimeoutMs: number): SellerBillingClient {
    return new SellerBillingClient(this.client, this.db, { callTimeoutMs });
  }

  /**
   * Starts the seller's billing workflow; answers whether it started one. A no-op when the
   * workflow exists, running or not: a billing workflow never ends by itself, so one that an
   * operator terminated must not silently come back with a fresh (empty) balance.
   */
  async start(
    marketplaceId: string,
    sellerId: string,
    options: Pick<SellerBillingInput, 'continueAsNewAfterEvents'> = {},
  ): Promise<boolean> {
    const input = { ...(await sellerBillingInput(this.db, marketplaceId, sellerId)), ...options };
    try {
      await this.bounded(() =>
        this.client.workflow.start(sellerBilling, {
          ...startOptions(marketplaceId, sellerId),
          staticSummary: billingSummary(input),
          staticDetails: billingStaticDetails(input),
          args: [input],
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
      return false;
    }
  }

  async signalSpend(
    marketplaceId: string,
    sellerId: string,
    batch: SpendBatchSignal,
  ): Promise<void> {
    await this.bounded(() => this.handle(marketplaceId, sellerId).signal(spendSignal, batch));
  }

  /**
   * Delivers a spend batch as an update under the batch's id and answers the workflow's
   * projection after it: a batch sent again is applied once and answers the same way. A workflow
   * that does not answer within `withinMs` (no worker, its task failing) throws
   * BillingUnavailableError; Temporal out of reach throws TemporalUnavailableError.
   */
  async deliverSpend(
    marketplaceId: string,
    sellerId: string,
    batch: SpendBatchSignal,
    options: { withinMs?: number } = {},
  ): Promise<BillingProjection> {
    return boundedCall(
      this.client,
      options.withinMs ?? this.callTimeoutMs,
      () =>
        this.handle(marketplaceId, sellerId).executeUpdate(deliverSpendUpdate, {
          args: [batch],
          updateId: batch.batchId,
        }),
      (cause) => new BillingUnavailableError(cause),
    );
  }

  /**
   * Delivers a billing command: signals the seller's workflow, starting it first when it never
   * ran. A workflow that ran and closed (an operator terminated it) is not revived: that throws
   * WorkflowExecutionAlreadyStartedError. A Temporal that does not answer within `withinMs`
   * (the client's call timeout unless said) throws TemporalUnavailableError instead of holding
   * the caller.
   */
  async deliverCommand(
    input: SellerBillingInput,
    command: BillingCommandSignal,
    options: { withinMs?: number } = {},
  ): Promise<void> {
    const send = () =>
      this.client.workflow.signalWithStart(sellerBilling, {
        ...startOptions(input.marketplaceId, input.sellerId),
        staticSummary: billingSummary(input),
        staticDetails: billingStaticDetails(input),
        args: [input],
        signal: billingCommandSignal,
        signalArgs: [command],
      });
    await boundedCall(this.client, options.withinMs ?? this.callTimeoutMs, send);
  }

  /** Answers when the Temporal frontend does within `withinMs`; throws otherwise. */
  async ping(withinMs: number): Promise<void> {
    await boundedCall(this.client, withinMs, () => this.client.workflowService.getSystemInfo({}));
  }

  /**
   * Running billing workflows per billing status, from Temporal's visibility (one count per
   * status: visibility cannot group by a custom search attribute).
   */
  async countRunningByStatus(): Promise<Record<BillingStatus, number>> {
    const counts = await Promise.all(
      BILLING_STATUSES.map(async (status) => {
        const { count } = await this.bounded(() =>
          this.client.workflow.count(
            `WorkflowType = '${sellerBilling.name}' AND ExecutionStatus = 'Running' AND ${billingStatusSearchAttribute.name} = '${status}'`,
          ),
        );
        return [status, count] as const;
      }),
    );
    return Object.fromEntries(counts) as Record<BillingStatus, number>;
  }

  /**
   * The live billing state, or null when the seller has no billing workflow. A workflow that
   * does not answer within `withinMs` throws BillingUnavailableError instead of holding the
   * caller; Temporal out of reach throws TemporalUnavailableError.
   */
  async state(
    marketplaceId: string,
    sellerId: string,
    options: { withinMs?: number } = {},
  ): Promise<BillingStateView | null> {
    try {
      return await boundedCall(
        this.client,
        options.withinMs ?? this.callTimeoutMs,
        () => this.handle(marketplaceId, sellerId).query(billingStateQuery),
        (cause) => new BillingUnavailableError(cause),
      );
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }

  private bounded<T>(call: () => Promise<T>): Promise<T> {
    return boundedCall(this.client, this.callTimeoutMs, call);
  }

  private handle(marketplaceId: string, sellerId: string) {
    return this.client.workflow.getHandle(sellerBillingWorkflowId(marketplaceId, sellerId));
  }
}

const BILLING_STATUSES: BillingStatus[] = ['active', 'past_due', 'delinquent'];

/** How a seller's billing workflow is started: its id, queue and search attributes. */
export function startOptions(marketplaceId: string, sellerId: string) {
  return {
    workflowId: sellerBillingWorkflowId(marketplaceId, sellerId),
    taskQueue: BILLING_TASK_QUEUE,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes: [
      { key: marketplaceIdSearchAttribute, value: marketplaceId },
      { key: sellerIdSearchAttribute, value: sellerId },
      { key: billingStatusSearchAttribute, value: 'active' },
    ],
  };
}
