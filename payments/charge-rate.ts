// How many charges a second may start, across every worker: the rate limit of the charge task
// queue, kept under the gateway's own request limit so month end does not meet a wall of 429s.

/** Stripe's documented request limits per account: about 100 a second live, 25 in test mode. */
export const STRIPE_REQUESTS_PER_SECOND = { live: 100, test: 25 } as const;

/**
 * Temporal's task-queue limit is a token bucket per queue partition (4 by default) that starts
 * full: on top of R charges a second, up to 4 × ceil(R / 4) may start at once after a quiet
 * spell, so one second can see about 2R. Half of Stripe's limit, less a little, keeps even that
 * second under it: 10 + 12 = 22 < 25 in test mode, 40 + 40 = 80 < 100 live. The simulated
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
