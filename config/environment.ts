// Process configuration from environment variables, validated once at start.
import { z } from 'zod';

/** Where people reach the API when PUBLIC_API_URL is not set (the local `npm start`). */
export const DEFAULT_PUBLIC_API_URL = 'http://localhost:3000';

const schema = z
  .object({
    DATABASE_URL: z.string().min(1, 'DATABASE_URL is required'),
    TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().default('default'),
    API_PORT: z.coerce.number().int().positive().default(3000),
    /** The address the API listens on: loopback unless told otherwise (0.0.0.0 in a container). */
    HOST: z.string().min(1).default('127.0.0.1'),
    /** The worker's /livez, /readyz and /metrics, and its Temporal SDK metrics, on HOST. */
    WORKER_HTTP_PORT: z.coerce.number().int().positive().default(3001),
    WORKER_SDK_METRICS_PORT: z.coerce.number().int().positive().default(9464),
    STRIPE_SECRET_KEY: z.string().optional(),
    /** Stripe.js's key (pk_…) for the card page in Stripe mode. */
    STRIPE_PUBLISHABLE_KEY: z.string().optional(),
    /** Spend relay: how often it looks for spend, and the most a seller's spend waits for a signal. */
    SPEND_RELAY_POLL_INTERVAL_MS: z.coerce.number().int().positive().optional(),
    SPEND_RELAY_SIGNAL_INTERVAL_MS: z.coerce.number().int().positive().optional(),
    /** Charges a second across every worker (the charge queue's limit); default by gateway mode. */
    CHARGE_RATE_PER_SECOND: z.coerce.number().positive().max(1000).optional(),
    /** Seller workflows a worker keeps in memory (worker/billing-worker.ts says how to size it). */
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().positive().max(1_000_000).optional(),
    /** The simulated gateway's answer time per charge (benchmarks: a realistic 300 ms). */
    SIMULATED_CHARGE_DELAY_MS: z.coerce.number().int().nonnegative().max(60_000).default(0),
    /** The webhook endpoint's signing secret (whsec_…); without it webhooks are refused. */
    STRIPE_WEBHOOK_SECRET: z.string().optional(),
    /**
     * Where Stripe sends the marketplace admin after Connect onboarding, and when a link expired;
     * unset: the portal's return and refresh pages under PUBLIC_API_URL.
     */
    STRIPE_CONNECT_RETURN_URL: z.url().optional(),
    STRIPE_CONNECT_REFRESH_URL: z.url().optional(),
    /** Where links in notifications point (receipts): the API as people reach it. */
    PUBLIC_API_URL: z.url().optional(),
    /** SMTP server notifications are e-mailed through (smtp://host:port); unset: e-mail is off. */
    SMTP_URL: z.url().optional(),
    MAIL_FROM: z.string().default('Billing <billing@localhost>'),
    /** Lets marketplace webhooks use http://localhost or 127.0.0.1 (local development, tests). */
    ALLOW_INSECURE_WEBHOOKS: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
  })
  .transform((env) => {
    // Unset addresses follow the ones that are set: the API's port, then its public address.
    const publicUrl = (env.PUBLIC_API_URL ?? `http://localhost:${env.API_PORT}`).replace(
      /\/+$/,
      '',
    );
    return {
      ...env,
      PUBLIC_API_URL: publicUrl,
      STRIPE_CONNECT_RETURN_URL:
        env.STRIPE_CONNECT_RETURN_URL ?? `${publicUrl}/portal/stripe/return`,
      STRIPE_CONNECT_REFRESH_URL:
        env.STRIPE_CONNECT_REFRESH_URL ?? `${publicUrl}/portal/stripe/refresh`,
    };
  });

export type Environment = z.output<typeof schema>;

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}
