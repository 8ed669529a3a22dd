// The payment gateway port: what billing needs from a card processor. Adapters: Stripe (real)
// and simulated (the embedded default). Every call about a seller runs on the marketplace's
// connected account (Stripe Connect direct charges), so it names that account.

export type GatewayName = 'stripe' | 'simulated';

/** A marketplace's connected account and whether it can take payments yet (R1). */
export interface ConnectedAccount {
  accountId: string;
  chargesEnabled: boolean;
  detailsSubmitted: boolean;
}

/** A saved card as we keep it: never the number, only what a person recognises it by. */
export interface CardDetails {
  paymentMethodId: string;
  /** The Customer it is attached to, or null when it is not attached yet. */
  customerId: string | null;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface SetupIntentView {
  setupIntentId: string;
  /** Handed to Stripe Elements in the seller's browser, which confirms the SetupIntent. */
  clientSecret: string;
  status: string;
  customerId: string | null;
  paymentMethodId: string | null;
}

export interface OffSessionChargeRequest {
  idempotencyKey: string;
  amountMinor: number;
  currency: string;
  customerId: string;
  paymentMethodId: string;
  /** The marketplace's connected account; charges are direct charges on it. */
  connectedAccountId: string | null;
  description: string;
  metadata: Record<string, string>;
}

export type OffSessionChargeResult =
  | { status: 'succeeded'; gatewayPaymentId: string; receiptUrl: string | null }
  | { status: 'declined'; gatewayPaymentId: string | null; code: string; message: string }
  | {
      status: 'requires_action';
      gatewayPaymentId: string | null;
      code: string;
      message: string;
      clientSecret: string | null;
    };

export interface RefundRequest {
  idempotencyKey: string;
  /** The marketplace's connected account the payment was a direct charge on. */
  connectedAccountId: string | null;
  /** The payment's id at the gateway (a PaymentIntent with Stripe). */
  gatewayPaymentId: string;
  amountMinor: number;
  currency: string;
  metadata: Record<string, string>;
}

/** A refund the gateway took (`pending` ones complete later at the bank), or one it refused. */
export type RefundResult =
  | { status: 'succeeded' | 'pending'; gatewayRefundId: string }
  | { status: 'failed'; gatewayRefundId: string | null; code: string; message: string };

/** A charge as the gateway recorded it, for the daily reconciliation (R16). */
export interface GatewayChargeRecord {
  /** The PaymentIntent it belongs to: what our payment row keeps as `gatewayPaymentId`. */
  gatewayPaymentId: string;
  amountMinor: number;
  /** ISO 4217, upper case. */
  currency: string;
  status: 'succeeded' | 'failed' | 'pending';
  createdAtMs: number;
}

/** A refund as the gateway recorded it, for the daily reconciliation (R16). */
export interface GatewayRefundRecord {
  /** What our refund row keeps as `gatewayRefundId`. */
  gatewayRefundId: string;
  amountMinor: number;
  /** ISO 4217, upper case. */
  currency: string;
  status: 'succeeded' | 'failed' | 'pending';
  createdAtMs: number;
}

/** Scopes a call to the marketplace's connected account. */
export interface OnAccount {
  connectedAccountId: string;
}

/** Confirms a SetupIntent as Stripe Elements does in the browser, with one of Stripe's test cards. */
export interface TestCardConfirmation {
  /** Null when the card is not one of Stripe's documented test cards or the SetupIntent is unknown. */
  confirmSetupIntent(setupIntentId: string, card: string): SetupIntentView | null;
}

export interface PaymentGateway {
  readonly name: GatewayName;
  /**
   * Only an adapter that plays the browser's part (the simulated one) has this. With Stripe the
   * seller's browser confirms the card, whose details never reach our server.
   */
  readonly testCards?: TestCardConfirmation;

  /** Creates the marketplace's connected account (once per marketplace: the key says so). */
  createConnectedAccount(request: {
    idempotencyKey: string;
    email: string | null;
    metadata: Record<string, string>;
  }): Promise<ConnectedAccount>;
  /** A one-time onboarding address for the marketplace admin. */
  createAccountLink(request: {
    accountId: string;
    returnUrl: string;
    refreshUrl: string;
  }): Promise<{ url: string; expiresAt: Date }>;
  retrieveAccount(accountId: string): Promise<ConnectedAccount>;

  createCustomer(
    request: OnAccount & {
      idempotencyKey: string;
      name: string;
      email: string;
      metadata: Record<string, string>;
    },
  ): Promise<{ customerId: string }>;
  /** A SetupIntent for off-session use: the saved card can be charged later without the seller. */
  createSetupIntent(
    request: OnAccount & {
      idempotencyKey: string;
      customerId: string;
      metadata: Record<string, string>;
    },
  ): Promise<SetupIntentView>;
  /** Null when the account has no such SetupIntent. */
  retrieveSetupIntent(
    request: OnAccount & { setupIntentId: string },
  ): Promise<SetupIntentView | null>;
  retrievePaymentMethod(request: OnAccount & { paymentMethodId: string }): Promise<CardDetails>;
  attachPaymentMethod(
    request: OnAccount & { idempotencyKey: string; paymentMethodId: string; customerId: string },
  ): Promise<CardDetails>;
  detachPaymentMethod(
    request: OnAccount & { idempotencyKey: string; paymentMethodId: string },
  ): Promise<void>;
  /** Makes the card the Customer's default, as the Stripe Dashboard shows it. */
  setDefaultPaymentMethod(
    request: OnAccount & { idempotencyKey: string; customerId: string; paymentMethodId: string },
  ): Promise<void>;

  /** Charges a saved card off-session. The same idempotency key always gives the same result. */
  chargeOffSession(request: OffSessionChargeRequest): Promise<OffSessionChargeResult>;
  /**
   * Cancels a charge still waiting for authentication, so it can never succeed later (another
   * card paid instead). Cancelling one already cancelled is no error.
   */
  cancelPendingCharge(request: {
    connectedAccountId: string | null;
    idempotencyKey: string;
    gatewayPaymentId: string;
  }): Promise<void>;

  /** Refunds part or all of a payment. The same idempotency key always gives the same refund. */
  refundPayment(request: RefundRequest): Promise<RefundResult>;

  /** Every charge made on the account created in [fromMs, toMs), read from the gateway's records. */
  listCharges(request: {
    connectedAccountId: string | null;
    fromMs: number;
    toMs: number;
  }): Promise<GatewayChargeRecord[]>;

  /** Every refund made on the account created in [fromMs, toMs), read from the gateway's records. */
  listRefunds(request: {
    connectedAccountId: string | null;
    fromMs: number;
    toMs: number;
  }): Promise<GatewayRefundRecord[]>;
}

/** A failure that may succeed if tried again (network, 5xx, rate limit, lock timeout). */
export class TransientGatewayError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientGatewayError';
  }
}
