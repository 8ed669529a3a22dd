// The Stripe adapter of the payment gateway port. Marketplaces connect their own Stripe account
// (Connect, Stripe-hosted dashboard); every seller object lives on that account and every charge
// is a direct charge on it, so each such call carries the `Stripe-Account` header. Every POST
// carries an idempotency key, so an SDK or Temporal retry never creates a second object.
import Stripe from 'stripe';
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
} from './gateway';
import { sellerDeclineMessage } from './decline-messages';
import { chargeOutcomeOfError, gatewayErrorOf, isMissingObject } from './stripe-errors';

/**
 * The Stripe API version every request pins. It is the version the installed SDK (stripe 23.1.0)
 * is generated from, so the SDK's types describe exactly the objects we get back; without a pin,
 * requests would follow the platform account's default version and a Dashboard upgrade could
 * change response shapes under running code. Raise it together with the SDK, deliberately.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const;

export interface StripeGatewayOptions {
  secretKey: string;
  /** Another Stripe API server (stripe-mock in tests): host, port and protocol. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
}

export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe' as const;
  readonly stripe: Stripe;

  constructor(options: StripeGatewayOptions) {
    this.stripe = new Stripe(options.secretKey, {
      apiVersion: STRIPE_API_VERSION,
      // Network retries reuse the request's idempotency key; Temporal retries on top of that.
      maxNetworkRetries: 2,
      timeout: 30_000,
      appInfo: { name: 'selfserve-billing' },
      ...(options.host ? { host: options.host } : {}),
      ...(options.port ? { port: options.port } : {}),
      ...(options.protocol ? { protocol: options.protocol } : {}),
    });
  }

  async createConnectedAccount(request: {
    idempotencyKey: string;
    email: string | null;
    metadata: Record<string, string>;
  }): Promise<ConnectedAccount> {
    const account = await call(() =>
      this.stripe.accounts.create(
        {
          // The marketplace owns its Stripe account and dashboard, pays its own fees and bears
          // its own losses: the shape of a standard account, which direct charges are made for.
          controller: {
            stripe_dashboard: { type: 'full' },
            fees: { payer: 'account' },
            losses: { payments: 'stripe' },
          },
          ...(request.email ? { email: request.email } : {}),
          metadata: request.metadata,
        },
        { idempotencyKey: request.idempotencyKey },
      ),
    );
    return connectedAccountOf(account);
  }

  async createAccountLink(request: {
    accountId: string;
    returnUrl: string;
    refreshUrl: string;
  }): Promise<{ url: string; expiresAt: Date }> {
    const link = await call(() =>
      this.stripe.accountLinks.create({
        account: request.accountId,
        type: 'account_onboarding',
        return_url: request.returnUrl,
        refresh_url: request.refreshUrl,
      }),
    );
    return { url: link.url, expiresAt: new Date(link.expires_at * 1000) };
  }

  async retrieveAccount(accountId: string): Promise<ConnectedAccount> {
    return connectedAccountOf(await call(() => this.stripe.accounts.retrieve(accountId)));
  }

  async createCustomer(request: {
    connectedAccountId: string;
    idempotencyKey: string;
    name: string;
    email: string;
    metadata: Record<string, string>;
  }): Promise<{ customerId: string }> {
    const customer = await call(() =>
      this.stripe.customers.create(
        { name: request.name, email: request.email, metadata: request.metadata },
        { stripeAccount: request.connectedAccountId, idempotencyKey: request.idempotencyKey },
      ),
    );
    return { customerId: customer.id };
  }

  async createSetupIntent(request: {
    connectedAccountId: string;
    idempotencyKey: string;
    customerId: string;
    metadata: Record<string, string>;
  }): Promise<SetupIntentView> {
    const setupIntent = await call(() =>
      this.stripe.setupIntents.create(
        {
          customer: request.customerId,
          usage: 'off_session',
          allowed_payment_method_types: ['card'],
          metadata: request.metadata,
        },
        { stripeAccount: request.connectedAccountId, idempotencyKey: request.idempotencyKey },
      ),
    );
    return setupIntentViewOf(setupIntent);
  }

  async retrieveSetupIntent(request: {
    connectedAccountId: string;
    setupIntentId: string;
  }): Promise<SetupIntentView | null> {
    try {
      const setupIntent = await this.stripe.setupIntents.retrieve(
        request.setupIntentId,
        undefined,
        { stripeAccount: request.connectedAccountId },
      );
      return setupIntentViewOf(setupIntent);
    } catch (error) {
      if (isMissingObject(error)) return null;
      throw gatewayErrorOf(error);
    }
  }

  async retrievePaymentMethod(request: {
    connectedAccountId: string;
    paymentMethodId: string;
  }): Promise<CardDetails> {
    const paymentMethod = await call(() =>
      this.stripe.paymentMethods.retrieve(request.paymentMethodId, undefined, {
        stripeAccount: request.connectedAccountId,
      }),
    );
    return cardDetailsOf(paymentMethod);
  }

  async attachPaymentMethod(request: {
    connectedAccountId: string;
    idempotencyKey: string;
    paymentMethodId: string;
    customerId: string;
  }): Promise<CardDetails> {
    const paymentMethod = await call(() =>
      this.stripe.paymentMethods.attach(
        request.paymentMethodId,
        { customer: request.customerId },
        { stripeAccount: request.connectedAccountId, idempotencyKey: request.idempotencyKey },
      ),
    );
    return cardDetailsOf(paymentMethod);
  }

  async detachPaymentMethod(request: {
    connectedAccountId: string;
    idempotencyKey: string;
    paymentMethodId: string;
  }): Promise<void> {
    await call(() =>
      this.stripe.paymentMethods.detach(request.paymentMethodId, undefined, {
        stripeAccount: request.connectedAccountId,
        idempotencyKey: request.idempotencyKey,
      }),
    );
  }

  async setDefaultPaymentMethod(request: {
    connectedAccountId: string;
    idempotencyKey: string;
    customerId: string;
    paymentMethodId: string;
  }): Promise<void> {
    await call(() =>
      this.stripe.customers.update(
        request.customerId,
        { invoice_settings: { default_payment_method: request.paymentMethodId } },
        { stripeAccount: request.connectedAccountId, idempotencyKey: request.idempotencyKey },
      ),
    );
  }

  async chargeOffSession(request: OffSessionChargeRequest): Promise<OffSessionChargeResult> {
    if (!request.connectedAccountId) {
      throw new Error(
        'The marketplace has no connected Stripe account: connect it before charging.',
      );
    }
    let paymentIntent: Stripe.PaymentIntent;
    try {
      paymentIntent = await this.stripe.paymentIntents.create(
        {
          amount: request.amountMinor,
          currency: request.currency.toLowerCase(),
          customer: request.customerId,
          payment_method: request.paymentMethodId,
          off_session: true,
          confirm: true,
          description: request.description,
          metadata: request.metadata,
          expand: ['latest_charge'],
        },
        { stripeAccount: request.connectedAccountId, idempotencyKey: request.idempotencyKey },
      );
    } catch (error) {
      return chargeOutcomeOfError(error);
    }
    return chargeOutcomeOf(paymentIntent);
  }

  async cancelPendingCharge(request: {
    connectedAccountId: string | null;
    idempotencyKey: string;
    gatewayPaymentId: string;
  }): Promise<void> {
    if (!request.connectedAccountId) {
      throw new Error('The marketplace has no connected Stripe account.');
    }
    await call(() =>
      this.stripe.paymentIntents.cancel(
        request.gatewayPaymentId,
        { cancellation_reason: 'duplicate' },
        { stripeAccount: request.connectedAccountId!, idempotencyKey: request.idempotencyKey },
      ),
    );
  }

  /** A refund of the PaymentIntent on the connected account it was charged on (R14). */
  async refundPayment(request: RefundRequest): Promise<RefundResult> {
    if (!request.connectedAccountId) {
      throw new Error('The marketplace has no connected Stripe account: connect it to refund.');
    }
    const refund = await call(() =>
      this.stripe.refunds.create(
        {
          payment_intent: request.gatewayPaymentId,
          amount: request.amountMinor,
          metadata: request.metadata,
        },
        { stripeAccount: request.connectedAccountId!, idempotencyKey: request.idempotencyKey },
      ),
    );
    switch (refund.status) {
      case 'succeeded':
      case 'pending':
        return { status: refund.status, gatewayRefundId: refund.id };
      default:
        return {
          status: 'failed',
          gatewayRefundId: refund.id,
          code: refund.failure_reason ?? refund.status ?? 'refund_failed',
          message: `Stripe did not refund the payment (${refund.status ?? 'unknown status'}).`,
        };
    }
  }

  listCharges(request: GatewayListRequest): Promise<GatewayChargeRecord[]> {
    return listCreated(request, chargeRecordOf, (params, options) =>
      this.stripe.charges.list(params, options),
    );
  }

  listRefunds(request: GatewayListRequest): Promise<GatewayRefundRecord[]> {
    return listCreated(request, refundRecordOf, (params, options) =>
      this.stripe.refunds.list(params, options),
    );
  }
}

type GatewayListRequest = { connectedAccountId: string | null; fromMs: number; toMs: number };

/** Every object a Stripe list gives for the range on the connected account, page after page. */
async function listCreated<Listed, GatewayRecord>(
  request: GatewayListRequest,
  recordOf: (listed: Listed) => GatewayRecord,
  list: (
    params: { created: { gte: number; lt: number }; limit: number },
    options: { stripeAccount: string },
  ) => AsyncIterable<Listed>,
): Promise<GatewayRecord[]> {
  if (!request.connectedAccountId) return [];
  const { connectedAccountId } = request;
  return call(async () => {
    const records: GatewayRecord[] = [];
    const listed = list(
      {
        created: { gte: Math.floor(request.fromMs / 1000), lt: Math.ceil(request.toMs / 1000) },
        limit: 100,
      },
      { stripeAccount: connectedAccountId },
    );
    for await (const item of listed) records.push(recordOf(item));
    return records;
  });
}

/** A refund as the reconciliation compares it: one waiting on the bank or the customer is
 * pending, a failed or cancelled one gave no money back. */
export function refundRecordOf(refund: Stripe.Refund): GatewayRefundRecord {
  return {
    gatewayRefundId: refund.id,
    amountMinor: refund.amount,
    currency: refund.currency.toUpperCase(),
    status:
      refund.status === 'succeeded'
        ? 'succeeded'
        : refund.status === 'failed' || refund.status === 'canceled'
          ? 'failed'
          : 'pending',
    createdAtMs: refund.created * 1000,
  };
}

/** A charge as the reconciliation compares it: a charge made without a PaymentIntent (in the
 * Dashboard, say) keeps its own id, which no payment of ours has. */
export function chargeRecordOf(charge: Stripe.Charge): GatewayChargeRecord {
  return {
    gatewayPaymentId: idOf(charge.payment_intent) ?? charge.id,
    amountMinor: charge.amount,
    currency: charge.currency.toUpperCase(),
    // A charge is succeeded, pending or failed; a status Stripe adds later counts as pending.
    status:
      charge.status === 'succeeded'
        ? 'succeeded'
        : charge.status === 'failed'
          ? 'failed'
          : 'pending',
    createdAtMs: charge.created * 1000,
  };
}

/** A confirmed PaymentIntent's outcome when Stripe answered without an error. */
export function chargeOutcomeOf(paymentIntent: Stripe.PaymentIntent): OffSessionChargeResult {
  switch (paymentIntent.status) {
    case 'succeeded':
      return {
        status: 'succeeded',
        gatewayPaymentId: paymentIntent.id,
        receiptUrl: receiptUrlOf(paymentIntent),
      };
    case 'requires_action':
      return {
        status: 'requires_action',
        gatewayPaymentId: paymentIntent.id,
        code: 'authentication_required',
        message: sellerDeclineMessage('authentication_required'),
        clientSecret: paymentIntent.client_secret,
      };
    case 'requires_payment_method': {
      const lastError = paymentIntent.last_payment_error;
      const code = lastError?.decline_code ?? lastError?.code ?? 'card_declined';
      return {
        status: 'declined',
        gatewayPaymentId: paymentIntent.id,
        code,
        message: sellerDeclineMessage(code, lastError?.message),
      };
    }
    default:
      throw new Error(
        `PaymentIntent ${paymentIntent.id} is ${paymentIntent.status}, which an off-session card charge never is.`,
      );
  }
}

export function receiptUrlOf(paymentIntent: Stripe.PaymentIntent): string | null {
  const charge = paymentIntent.latest_charge;
  return charge && typeof charge === 'object' ? (charge.receipt_url ?? null) : null;
}

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw gatewayErrorOf(error);
  }
}

function connectedAccountOf(account: Stripe.Account): ConnectedAccount {
  return {
    accountId: account.id,
    chargesEnabled: account.charges_enabled ?? false,
    detailsSubmitted: account.details_submitted ?? false,
  };
}

export function setupIntentViewOf(setupIntent: Stripe.SetupIntent): SetupIntentView {
  return {
    setupIntentId: setupIntent.id,
    clientSecret: setupIntent.client_secret ?? '',
    status: setupIntent.status,
    customerId: idOf(setupIntent.customer),
    paymentMethodId: idOf(setupIntent.payment_method),
  };
}

export function cardDetailsOf(paymentMethod: Stripe.PaymentMethod): CardDetails {
  const card = paymentMethod.card;
  if (!card) throw new Error(`PaymentMethod ${paymentMethod.id} is not a card.`);
  return {
    paymentMethodId: paymentMethod.id,
    customerId: idOf(paymentMethod.customer),
    brand: card.brand,
    last4: card.last4,
    expMonth: card.exp_month,
    expYear: card.exp_year,
  };
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}
