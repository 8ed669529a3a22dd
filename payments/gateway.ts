// The payment gateway port: what billing needs from a card processor. Adapters: Stripe (real)
// and simulated (the embedded default).

export type GatewayName = 'stripe' | 'simulated';

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

export interface PaymentGateway {
  readonly name: GatewayName;
  /** Charges a saved card off-session. The same idempotency key always gives the same result. */
  chargeOffSession(request: OffSessionChargeRequest): Promise<OffSessionChargeResult>;
}

/** A failure that may succeed if tried again (network, 5xx, rate limit, lock timeout). */
export class TransientGatewayError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientGatewayError';
  }
}
