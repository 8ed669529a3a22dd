// Chooses the payment gateway: Stripe when a secret key is configured, else the simulated one.
import type { Logger } from '../observability/logger';
import { gatewayModeOf } from './charge-rate';
import type { PaymentGateway } from './gateway';
import { SimulatedGateway, type SimulatedChargeRecord } from './simulated-gateway';
import { STRIPE_API_VERSION, StripeGateway } from './stripe-gateway';

export function selectGateway(
  env: { STRIPE_SECRET_KEY?: string; SIMULATED_CHARGE_DELAY_MS?: number },
  logger: Logger,
  /** Where the simulated gateway keeps its charges and refunds (the database; else in memory). */
  simulatedRecord?: SimulatedChargeRecord,
): PaymentGateway {
  if (env.STRIPE_SECRET_KEY) {
    const mode = gatewayModeOf(env.STRIPE_SECRET_KEY);
    logger.info(
      { gateway: 'stripe', mode, apiVersion: STRIPE_API_VERSION },
      'payments run on Stripe',
    );
    return new StripeGateway({ secretKey: env.STRIPE_SECRET_KEY });
  }
  logger.warn(
    { gateway: 'simulated' },
    'payments run on the SIMULATED gateway (no STRIPE_SECRET_KEY): no real card is charged',
  );
  return new SimulatedGateway({
    chargeDelayMs: env.SIMULATED_CHARGE_DELAY_MS ?? 0,
    ...(simulatedRecord ? { record: simulatedRecord } : {}),
  });
}
