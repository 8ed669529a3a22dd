// The simulated payment gateway: the embedded default when no Stripe key is configured. It runs
// in process with no network and gives Stripe's test cards their test-mode meaning.
//
// Documented simulated behaviour:
// - Connect: onboarding completes at once. A new account can charge straight away and its
//   onboarding link is the configured return address, so the admin lands back where Stripe would
//   send it after a finished onboarding.
// - Cards: what Stripe Elements does in the browser (confirming a SetupIntent with the card the
//   seller typed) is `confirmSetupIntent`, which takes one of Stripe's test card numbers or test
//   PaymentMethod ids (payments/test-cards.ts). The saved card's id is that test PaymentMethod id,
//   so every process (API, worker) knows what the card does without shared state. Test cards
//   accept any future expiry in Stripe; simulated cards expire in 12/2034.
// - Charges: the card's test-mode outcome (success, generic decline, insufficient funds,
//   authentication required), with Stripe's idempotency rules: a repeated key replays the first
//   answer, and a repeated key with other parameters is refused. A charge answers after
//   `chargeDelayMs` (0 unless set: benchmarks use Stripe's realistic 300 ms).
// - Refunds: succeed at once, with the same idempotency rules. It does not check the amount
//   against the charge, which may have been made by another process: the caller's database does
//   (payments/refunds.ts).
// - Records: like Stripe, it keeps what it charged and refunded (in memory, or in the database
//   when the worker gives it payments/simulated-charge-record.ts), so the daily reconciliation
//   can compare it.
import { randomBytes } from 'node:crypto';
import type {
  CardDetails,
  ConnectedAccount,
  GatewayChargeRecord,
  GatewayRefundRecord,
  OffSessionChargeRequest,
  OffSessionChargeResult,
  PaymentGateway,
  RefundRequest,
  RefundResult,
  SetupIntentView,
  TestCardConfirmation,
} from './gateway';
import { testCardByNumber, testCardByPaymentMethod, type TestCard } from './test-cards';

export interface SimulatedCharge {
  idempotencyKey: string;
  amountMinor: number;
  currency: string;
  paymentMethodId: string;
  result: OffSessionChargeResult;
}

/** A charge as the simulated gateway keeps it: on which account, and when. */
export interface KeptCharge extends SimulatedCharge {
  accountId: string | null;
  createdAtMs: number;
}

/** A refund as the simulated gateway keeps it: on which account, and when. */
export interface KeptRefund {
  idempotencyKey: string;
  accountId: string | null;
  gatewayPaymentId: string;
  amountMinor: number;
  currency: string;
  result: RefundResult & { gatewayRefundId: string };
  createdAtMs: number;
}

/** Where the simulated gateway keeps its charges and refunds, each one per idempotency key. */
export interface SimulatedChargeRecord {
  /** Keeps `charge` unless a charge with its key is kept already; answers the kept one. */
  keep(charge: KeptCharge): Promise<KeptCharge>;
  /** The charges on the account created in [fromMs, toMs). */
  between(accountId: string | null, fromMs: number, toMs: number): Promise<KeptCharge[]>;
  /** Keeps `refund` unless a refund with its key is kept already; answers the kept one. */
  keepRefund(refund: KeptRefund): Promise<KeptRefund>;
  /** The refunds on the account created in [fromMs, toMs). */
  refundsBetween(accountId: string | null, fromMs: number, toMs: number): Promise<KeptRefund[]>;
}

/** The record of a gateway that lives as long as its process (tests, the API). */
export class InMemoryChargeRecord implements SimulatedChargeRecord {
  private readonly charges = new Map<string, KeptCharge>();
  private readonly refunds = new Map<string, KeptRefund>();

  keep(charge: KeptCharge): Promise<KeptCharge> {
    const kept = this.charges.get(charge.idempotencyKey) ?? charge;
    this.charges.set(charge.idempotencyKey, kept);
    return Promise.resolve(kept);
  }

  between(accountId: string | null, fromMs: number, toMs: number): Promise<KeptCharge[]> {
    return Promise.resolve(
      [...this.charges.values()].filter(
        (charge) =>
          charge.accountId === accountId &&
          charge.createdAtMs >= fromMs &&
          charge.createdAtMs < toMs,
      ),
    );
  }

  keepRefund(refund: KeptRefund): Promise<KeptRefund> {
    const kept = this.refunds.get(refund.idempotencyKey) ?? refund;
    this.refunds.set(refund.idempotencyKey, kept);
    return Promise.resolve(kept);
  }

  refundsBetween(accountId: string | null, fromMs: number, toMs: number): Promise<KeptRefund[]> {
    return Promise.resolve(
      [...this.refunds.values()].filter(
        (refund) =>
          refund.accountId === accountId &&
          refund.createdAtMs >= fromMs &&
          refund.createdAtMs < toMs,
      ),
    );
  }
}

export class IdempotencyKeyReusedError extends Error {
  constructor(key: string) {
    super(`Keys for idempotent requests can only be used with the same parameters (${key})`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

const SIMULATED_CARD_EXPIRY = { expMonth: 12, expYear: 2034 } as const;

const simulatedId = (prefix: string) => `${prefix}_sim_${randomBytes(12).toString('hex')}`;

export interface SimulatedGatewayOptions {
  /** How long each charge request takes to answer, in milliseconds (0: at once). */
  chargeDelayMs?: number;
  /** Where charges are kept (in memory unless given). */
  record?: SimulatedChargeRecord;
}

export class SimulatedGateway implements PaymentGateway {
  readonly name = 'simulated' as const;
  readonly testCards: TestCardConfirmation = this;
  /** When each charge request arrived (epoch ms), replays included: what a rate limit sees. */
  readonly chargeRequestTimesMs: number[] = [];
  private readonly chargeDelayMs: number;
  private readonly record: SimulatedChargeRecord;
  /** Every charge by idempotency key: a retried request gets the first answer. */
  private readonly chargesByKey = new Map<string, SimulatedCharge>();
  /** Every refund by idempotency key: a retried request gets the first answer. */
  private readonly refundsByKey = new Map<string, RefundRequest & { result: RefundResult }>();
  private readonly setupIntents = new Map<string, SetupIntentView>();
  /** Which Customer each test PaymentMethod is attached to. */
  private readonly attachments = new Map<string, string>();
  private readonly cancelledPaymentIds = new Set<string>();

  constructor(options: SimulatedGatewayOptions = {}) {
    this.chargeDelayMs = options.chargeDelayMs ?? 0;
    this.record = options.record ?? new InMemoryChargeRecord();
  }

  createConnectedAccount(): Promise<ConnectedAccount> {
    return Promise.resolve({
      accountId: simulatedId('acct'),
      chargesEnabled: true,
      detailsSubmitted: true,
    });
  }

  createAccountLink(request: { returnUrl: string }): Promise<{ url: string; expiresAt: Date }> {
    return Promise.resolve({
      url: request.returnUrl,
      expiresAt: new Date(Date.now() + 5 * 60_000),
    });
  }

  retrieveAccount(accountId: string): Promise<ConnectedAccount> {
    return Promise.resolve({ accountId, chargesEnabled: true, detailsSubmitted: true });
  }

  createCustomer(): Promise<{ customerId: string }> {
    return Promise.resolve({ customerId: simulatedId('cus') });
  }

  createSetupIntent(request: { customerId: string }): Promise<SetupIntentView> {
    const setupIntentId = simulatedId('seti');
    const setupIntent: SetupIntentView = {
      setupIntentId,
      clientSecret: `${setupIntentId}_secret_simulated`,
      status: 'requires_payment_method',
      customerId: request.customerId,
      paymentMethodId: null,
    };
    this.setupIntents.set(setupIntentId, setupIntent);
    return Promise.resolve({ ...setupIntent });
  }

  /**
   * Does what Stripe Elements does in the seller's browser: confirms the SetupIntent with a card.
   * Returns null when the card is not one of Stripe's documented test cards. Like Stripe, it
   * trusts whoever holds the id: the caller first checks that the SetupIntent is the seller's.
   */
  confirmSetupIntent(setupIntentId: string, card: string): SetupIntentView | null {
    const setupIntent = this.setupIntents.get(setupIntentId);
    const testCard = testCardByNumber(card.replaceAll(/\s/g, '')) ?? testCardByPaymentMethod(card);
    if (!setupIntent || !testCard) return null;
    setupIntent.status = 'succeeded';
    setupIntent.paymentMethodId = testCard.paymentMethodId;
    if (setupIntent.customerId)
      this.attachments.set(testCard.paymentMethodId, setupIntent.customerId);
    return { ...setupIntent };
  }

  retrieveSetupIntent(request: { setupIntentId: string }): Promise<SetupIntentView | null> {
    const setupIntent = this.setupIntents.get(request.setupIntentId);
    return Promise.resolve(setupIntent ? { ...setupIntent } : null);
  }

  retrievePaymentMethod(request: { paymentMethodId: string }): Promise<CardDetails> {
    return Promise.resolve(this.cardDetails(request.paymentMethodId));
  }

  attachPaymentMethod(request: {
    paymentMethodId: string;
    customerId: string;
  }): Promise<CardDetails> {
    this.attachments.set(request.paymentMethodId, request.customerId);
    return Promise.resolve(this.cardDetails(request.paymentMethodId));
  }

  detachPaymentMethod(request: { paymentMethodId: string }): Promise<void> {
    this.attachments.delete(request.paymentMethodId);
    return Promise.resolve();
  }

  setDefaultPaymentMethod(): Promise<void> {
    return Promise.resolve();
  }

  async chargeOffSession(request: OffSessionChargeRequest): Promise<OffSessionChargeResult> {
    this.chargeRequestTimesMs.push(Date.now());
    if (this.chargeDelayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.chargeDelayMs));
    }
    return this.answerCharge(request);
  }

  private async answerCharge(request: OffSessionChargeRequest): Promise<OffSessionChargeResult> {
    const previous =
      this.chargesByKey.get(request.idempotencyKey) ??
      (await this.record.keep({
        idempotencyKey: request.idempotencyKey,
        amountMinor: request.amountMinor,
        currency: request.currency,
        paymentMethodId: request.paymentMethodId,
        result: this.decide(request),
        accountId: request.connectedAccountId,
        createdAtMs: Date.now(),
      }));
    if (previous.amountMinor !== request.amountMinor || previous.currency !== request.currency) {
      throw new IdempotencyKeyReusedError(request.idempotencyKey);
    }
    this.chargesByKey.set(request.idempotencyKey, previous);
    return previous.result;
  }

  listCharges(request: {
    connectedAccountId: string | null;
    fromMs: number;
    toMs: number;
  }): Promise<GatewayChargeRecord[]> {
    return this.record
      .between(request.connectedAccountId, request.fromMs, request.toMs)
      .then((kept) => kept.map(chargeRecordOf));
  }

  cancelPendingCharge(request: { gatewayPaymentId: string }): Promise<void> {
    const pending = this.charges().some(
      (charge) =>
        charge.result.status === 'requires_action' &&
        charge.result.gatewayPaymentId === request.gatewayPaymentId,
    );
    if (!pending) {
      return Promise.reject(
        new Error(`No charge waiting for authentication: ${request.gatewayPaymentId}`),
      );
    }
    this.cancelledPaymentIds.add(request.gatewayPaymentId);
    return Promise.resolve();
  }

  /** The charges waiting for authentication that were cancelled. */
  cancelledCharges(): string[] {
    return [...this.cancelledPaymentIds];
  }

  async refundPayment(request: RefundRequest): Promise<RefundResult> {
    const kept = await this.record.keepRefund({
      idempotencyKey: request.idempotencyKey,
      accountId: request.connectedAccountId,
      gatewayPaymentId: request.gatewayPaymentId,
      amountMinor: request.amountMinor,
      currency: request.currency,
      result: { status: 'succeeded', gatewayRefundId: simulatedId('re') },
      createdAtMs: Date.now(),
    });
    if (
      kept.amountMinor !== request.amountMinor ||
      kept.gatewayPaymentId !== request.gatewayPaymentId
    ) {
      throw new IdempotencyKeyReusedError(request.idempotencyKey);
    }
    if (!this.refundsByKey.has(request.idempotencyKey)) {
      this.refundsByKey.set(request.idempotencyKey, { ...request, result: kept.result });
    }
    return kept.result;
  }

  listRefunds(request: {
    connectedAccountId: string | null;
    fromMs: number;
    toMs: number;
  }): Promise<GatewayRefundRecord[]> {
    return this.record
      .refundsBetween(request.connectedAccountId, request.fromMs, request.toMs)
      .then((kept) => kept.map(refundRecordOf));
  }

  /** Every refund the gateway made (replays of a key are not new refunds), oldest first. */
  refunds(): Array<RefundRequest & { result: RefundResult }> {
    return [...this.refundsByKey.values()];
  }

  /** Every charge the gateway made (replays of a key are not new charges), oldest first. */
  charges(): SimulatedCharge[] {
    return [...this.chargesByKey.values()];
  }

  /** Idempotency keys whose charge succeeded, in order (each key once). */
  succeededKeys(): string[] {
    return this.charges()
      .filter((charge) => charge.result.status === 'succeeded')
      .map((charge) => charge.idempotencyKey);
  }

  private cardDetails(paymentMethodId: string): CardDetails {
    const testCard: TestCard | undefined = testCardByPaymentMethod(paymentMethodId);
    if (!testCard) throw new Error(`No such PaymentMethod: ${paymentMethodId}`);
    return {
      paymentMethodId,
      customerId: this.attachments.get(paymentMethodId) ?? null,
      brand: testCard.brand,
      last4: testCard.number.slice(-4),
      ...SIMULATED_CARD_EXPIRY,
    };
  }

  private decide(request: OffSessionChargeRequest): OffSessionChargeResult {
    const gatewayPaymentId = simulatedId('pi');
    const card = testCardByPaymentMethod(request.paymentMethodId);
    const behaviour = card?.behaviour ?? { outcome: 'succeeds' as const };
    switch (behaviour.outcome) {
      case 'succeeds':
        return { status: 'succeeded', gatewayPaymentId, receiptUrl: null };
      case 'declined':
        return {
          status: 'declined',
          gatewayPaymentId,
          code: behaviour.code,
          message: behaviour.message,
        };
      case 'requires_action':
        return {
          status: 'requires_action',
          gatewayPaymentId,
          code: behaviour.code,
          message: behaviour.message,
          clientSecret: `${gatewayPaymentId}_secret_simulated`,
        };
    }
  }
}

const MONEY_STATUS = {
  succeeded: 'succeeded',
  declined: 'failed',
  requires_action: 'pending',
} as const;

/** A kept charge as Stripe would list it: a declined one failed, one awaiting 3-D Secure pending. */
function chargeRecordOf(charge: KeptCharge): GatewayChargeRecord {
  return {
    gatewayPaymentId: charge.result.gatewayPaymentId ?? charge.idempotencyKey,
    amountMinor: charge.amountMinor,
    currency: charge.currency,
    status: MONEY_STATUS[charge.result.status],
    createdAtMs: charge.createdAtMs,
  };
}

/** A kept refund as Stripe would list it. */
function refundRecordOf(refund: KeptRefund): GatewayRefundRecord {
  return {
    gatewayRefundId: refund.result.gatewayRefundId,
    amountMinor: refund.amountMinor,
    currency: refund.currency,
    status: refund.result.status,
    createdAtMs: refund.createdAtMs,
  };
}
