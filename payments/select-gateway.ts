// Chooses the payment gateway: Stripe when a secret key is configured, else the simulated one.
import type { Logger } from '../observability/logger';
import type { PaymentGateway } from './gateway';
import { SimulatedGateway } from './simulated-gateway';

export function selectGateway(env: { STRIPE_SECRET_KEY?: string }, logger: Logger): PaymentGateway {
  if (env.STRIPE_SECRET_KEY) {
    throw new Error('The Stripe adapter is not available yet; unset STRIPE_SECRET_KEY.');
  }
  logger.warn(
    'payments run on the SIMULATED gateway (no STRIPE_SECRET_KEY): no real card is charged',
  );
  return new SimulatedGateway();
}
