// The simulated payment gateway: the embedded default when no Stripe key is configured. It runs
// in process with no network and gives Stripe's test cards their test-mode meaning.
import { randomUUID } from 'node:crypto';
import type { OffSessionChargeRequest, OffSessionChargeResult, PaymentGateway } from './gateway';
import { testCardByPaymentMethod } from './test-cards';

export class SimulatedGateway implements PaymentGateway {
  readonly name = 'simulated' as const;
  /** Every charge result by idempotency key: a retried request gets the first answer. */
  private readonly charges = new Map<string, OffSessionChargeResult>();

  chargeOffSession(request: OffSessionChargeRequest): Promise<OffSessionChargeResult> {
    const previous = this.charges.get(request.idempotencyKey);
    if (previous) return Promise.resolve(previous);
    const result = this.decide(request);
    this.charges.set(request.idempotencyKey, result);
    return Promise.resolve(result);
  }

  /** Idempotency keys whose charge succeeded, in order (each key once). */
  succeededKeys(): string[] {
    return [...this.charges].filter(([, r]) => r.status === 'succeeded').map(([key]) => key);
  }

  private decide(request: OffSessionChargeRequest): OffSessionChargeResult {
    const gatewayPaymentId = `sim_pi_${randomUUID().replaceAll('-', '')}`;
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
