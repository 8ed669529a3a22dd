// The simulated payment gateway: the embedded default when no Stripe key is configured. It runs
// in process with no network and gives Stripe's test cards their test-mode meaning, including
// Stripe's idempotency rules: a repeated key replays the first answer, and a repeated key with
// other parameters is refused.
import { randomUUID } from 'node:crypto';
import type { OffSessionChargeRequest, OffSessionChargeResult, PaymentGateway } from './gateway';
import { testCardByPaymentMethod } from './test-cards';

export interface SimulatedCharge {
  idempotencyKey: string;
  amountMinor: number;
  currency: string;
  paymentMethodId: string;
  result: OffSessionChargeResult;
}

export class IdempotencyKeyReusedError extends Error {
  constructor(key: string) {
    super(`Keys for idempotent requests can only be used with the same parameters (${key})`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

export class SimulatedGateway implements PaymentGateway {
  readonly name = 'simulated' as const;
  private readonly byKey = new Map<string, SimulatedCharge>();

  chargeOffSession(request: OffSessionChargeRequest): Promise<OffSessionChargeResult> {
    const previous = this.byKey.get(request.idempotencyKey);
    if (previous) {
      if (previous.amountMinor !== request.amountMinor || previous.currency !== request.currency) {
        return Promise.reject(new IdempotencyKeyReusedError(request.idempotencyKey));
      }
      return Promise.resolve(previous.result);
    }
    const charge: SimulatedCharge = {
      idempotencyKey: request.idempotencyKey,
      amountMinor: request.amountMinor,
      currency: request.currency,
      paymentMethodId: request.paymentMethodId,
      result: this.decide(request.paymentMethodId),
    };
    this.byKey.set(request.idempotencyKey, charge);
    return Promise.resolve(charge.result);
  }

  /** Every charge the gateway made (replays of a key are not new charges), oldest first. */
  charges(): SimulatedCharge[] {
    return [...this.byKey.values()];
  }

  private decide(paymentMethodId: string): OffSessionChargeResult {
    const gatewayPaymentId = `sim_pi_${randomUUID().replaceAll('-', '')}`;
    const behaviour = testCardByPaymentMethod(paymentMethodId)?.behaviour ?? {
      outcome: 'succeeds' as const,
    };
    switch (behaviour.outcome) {
      case 'succeeds':
        return { status: 'succeeded', gatewayPaymentId, receiptUrl: null };
      case 'declined':
        return { status: 'declined', gatewayPaymentId, ...pick(behaviour) };
      case 'requires_action':
        return {
          status: 'requires_action',
          gatewayPaymentId,
          ...pick(behaviour),
          clientSecret: `${gatewayPaymentId}_secret_simulated`,
        };
    }
  }
}

function pick(behaviour: { code: string; message: string }) {
  return { code: behaviour.code, message: behaviour.message };
}
