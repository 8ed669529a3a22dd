// The product's Prometheus metrics, all defined here. Counters are counted where the thing
// happens (ingestion, charges, e-mail, webhooks); gauges of backlogs are read from the database
// and Temporal when scraped. Each process exposes the ones it moves through its own registry.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from './logger';
import { within } from './within';

export const requestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'API requests by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [],
});

export const spendEvents = new Counter({
  name: 'billing_spend_events_total',
  help: 'Spend events reported by ad servers, by outcome: accepted, duplicate or rejected.',
  labelNames: ['outcome'] as const,
  registers: [],
});

export const charges = new Counter({
  name: 'billing_charges_total',
  help: 'Card charges attempted by the billing workflows, by outcome and currency.',
  labelNames: ['outcome', 'currency'] as const,
  registers: [],
});

export const emailFailures = new Counter({
  name: 'billing_email_failures_total',
  help: 'E-mail sends that failed (each is retried with backoff until it gives up).',
  registers: [],
});

export const emailGiveUps = new Counter({
  name: 'billing_email_give_ups_total',
  help: 'E-mails no longer retried after their last attempt failed.',
  registers: [],
});

export const webhookFailures = new Counter({
  name: 'billing_webhook_failures_total',
  help: 'Webhook delivery attempts that failed (retried with backoff until they give up).',
  registers: [],
});

export const webhookGiveUps = new Counter({
  name: 'billing_webhook_give_ups_total',
  help: 'Webhook deliveries marked failed after their last attempt.',
  registers: [],
});

/** The most a scrape waits for one reading: a slow database or Temporal never holds billing up. */
export const SCRAPE_READING_MS = 2_000;

/** What the worker reads when scraped; each reading is one bounded query. */
export interface WorkerReadings {
  relayLagSeconds(): Promise<number>;
  sellersSetAside(): Promise<Record<string, number>>;
  billingCommandsUndelivered(): Promise<Record<string, number>>;
  emailBacklog(): Promise<number>;
  webhookBacklog(): Promise<number>;
  workflowsByBillingStatus(): Promise<Record<string, number>>;
  exposureMicrosByMarketplace(): Promise<Record<string, number>>;
}

/** The API's metrics: requests and spend ingestion, plus the process's own. */
export function apiMetricsRegistry(): Registry {
  const registry = processRegistry();
  registry.registerMetric(requestDuration);
  registry.registerMetric(spendEvents);
  return registry;
}

/** The worker's metrics: what its activities and loops count, and backlogs read at scrape time. */
export function workerMetricsRegistry(readings: WorkerReadings, logger: Logger): Registry {
  const registry = processRegistry();
  for (const counter of [charges, emailFailures, emailGiveUps, webhookFailures, webhookGiveUps]) {
    registry.registerMetric(counter);
  }
  const scraped = <T>(
    name: string,
    help: string,
    labelNames: string[],
    read: () => Promise<T>,
    fill: (gauge: Gauge, value: T) => void,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        try {
          fill(this, await within(SCRAPE_READING_MS, read));
        } catch (error) {
          // Left without a sample: Prometheus shows the gap, and the scrape still answers.
          logger.warn({ metric: name, reason: reasonOf(error) }, 'metric reading failed');
        }
      },
    });
  const gauge = (name: string, help: string, read: () => Promise<number>) =>
    scraped(name, help, [], read, (metric, value) => metric.set(value));
  const gaugeBy = (
    label: string,
    name: string,
    help: string,
    read: () => Promise<Record<string, number>>,
  ) =>
    scraped(name, help, [label], read, (metric, values) => {
      for (const [value, n] of Object.entries(values)) metric.set({ [label]: value }, n);
    });
  gauge(
    'billing_spend_relay_lag_seconds',
    'Age of the oldest billable spend not yet signalled to its workflow (sellers set aside excepted).',
    () => readings.relayLagSeconds(),
  );
  gaugeBy(
    'reason',
    'billing_spend_relay_sellers_set_aside',
    'Sellers whose spend the relay set aside, by reason.',
    () => readings.sellersSetAside(),
  );
  gaugeBy(
    'state',
    'billing_commands_undelivered',
    'Billing commands not yet delivered to their workflow: pending, or set aside by reason.',
    () => readings.billingCommandsUndelivered(),
  );
  gauge('billing_email_backlog', 'E-mails waiting to be sent.', () => readings.emailBacklog());
  gauge('billing_webhook_backlog', 'Webhook deliveries waiting to be delivered.', () =>
    readings.webhookBacklog(),
  );
  gaugeBy(
    'billing_status',
    'billing_workflows',
    'Running seller billing workflows by billing status (Temporal visibility).',
    () => readings.workflowsByBillingStatus(),
  );
  gaugeBy(
    'marketplace_id',
    'billing_exposure_micros',
    'Unbilled spend of self-service sellers as their workflows last reported it, by marketplace (R15).',
    () => readings.exposureMicrosByMarketplace(),
  );
  return registry;
}

/** An error and its cause in one line: a client error often only says which call failed. */
function reasonOf(error: unknown): string {
  return [error, (error as { cause?: unknown } | null)?.cause]
    .filter((e): e is Error => e instanceof Error)
    .map((e) => e.message)
    .join(': ');
}

function processRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
