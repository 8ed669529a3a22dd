// How many charges a second may start, across every worker: the rate limit of the charge task
// queue, kept under the gateway's own request limit so month end does not meet a wall of 429s.

/** Stripe's documented request limits per account: about 100 a second live, 25 in test mode. */
export const STRIPE_REQUESTS_PER_SECOND = { live: 100, test: 25 } as const;

/** How many partitions a Temporal server gives a task queue unless configured otherwise. */
export const TEMPORAL_TASK_QUEUE_PARTITIONS = 4;

/**
 * The most charges that can start in any one second at `rate` a second. Temporal's task-queue
 * limit is a token bucket per queue partition, each holding ceil(rate / partitions) tokens and
 * full after a quiet spell: on top of the rate, a full bucket's worth may start at once.
 */
export function mostChargesInAnySecond(
  rate: number,
  partitions: number = TEMPORAL_TASK_QUEUE_PARTITIONS,
): number {
  return Math.floor(rate) + partitions * Math.ceil(rate / partitions);
}

/**
 * With Temporal's burst one second can see about twice the rate, so the defaults are under half
 * of Stripe's limits: 10 + 12 = 22 < 25 in test mode, 40 + 40 = 80 < 100 live. The simulated
 * gateway takes the live rate, as the production it stands for would.
 */
export const DEFAULT_CHARGE_RATE_PER_SECOND = { live: 40, test: 10, simulated: 40 } as const;

export type GatewayMode = keyof typeof DEFAULT_CHARGE_RATE_PER_SECOND;

/** Which gateway the key selects: no key is the simulated one. */
export function gatewayModeOf(stripeSecretKey: string | undefined): GatewayMode {
  if (!stripeSecretKey) return 'simulated';
  return stripeSecretKey.startsWith('sk_live_') ? 'live' : 'test';
}

/** The configured rate (CHARGE_RATE_PER_SECOND), or the default for the gateway in use. */
export function chargeRatePerSecond(env: {
  STRIPE_SECRET_KEY?: string;
  CHARGE_RATE_PER_SECOND?: number;
}): number {
  return (
    env.CHARGE_RATE_PER_SECOND ??
    DEFAULT_CHARGE_RATE_PER_SECOND[gatewayModeOf(env.STRIPE_SECRET_KEY)]
  );
}
