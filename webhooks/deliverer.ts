// The webhook deliverer: a loop in the worker process that POSTs due deliveries to their
// marketplace's endpoints, signed (see signature.ts), and records every attempt on the delivery:
// a 2xx marks it delivered; anything else retries with exponential backoff until the maximum,
// then it is 'failed'. Each delivery succeeds or fails on its own: one that cannot even be
// attempted is recorded as such and never stops the others. Deliverers side by side claim
// disjoint rows (FOR UPDATE SKIP LOCKED) and lease them; a crash after the POST can resend after
// the lease, with the same event id header for the receiver to deduplicate on.
import type { Database } from '../db/client';
import type { Logger } from '../observability/logger';
import { webhookFailures, webhookGiveUps } from '../observability/metrics';
import { retryDelayMs, type RetryPolicy } from '../rules';
import type { WebhookUrlPolicy } from './endpoint-url';
import { sendWebhook, type SendOutcome } from './send-webhook';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature';

export interface WebhookDelivererPolicy extends RetryPolicy {
  pollIntervalMs: number;
  leaseMs: number;
  requestTimeoutMs: number;
  batchSize: number;
}

export const DEFAULT_WEBHOOK_POLICY: WebhookDelivererPolicy = {
  pollIntervalMs: 2_000,
  leaseMs: 60_000,
  requestTimeoutMs: 10_000,
  batchSize: 50,
  baseDelayMs: 30_000,
  maxDelayMs: 6 * 60 * 60_000,
  maxAttempts: 10,
};

interface ClaimedDelivery {
  id: string;
  event_id: string;
  attempts: number;
  payload: unknown;
  url: string;
  secret: string;
}

export class WebhookDeliverer {
  readonly policy: WebhookDelivererPolicy;

  constructor(
    private readonly options: {
      db: Database;
      logger: Logger;
      /** Which endpoint URLs may be sent to; checked again at every attempt. */
      urls: WebhookUrlPolicy;
      policy?: Partial<WebhookDelivererPolicy>;
    },
  ) {
    this.policy = { ...DEFAULT_WEBHOOK_POLICY, ...options.policy };
  }

  /** One pass: claims the due deliveries and attempts each; returns how many were delivered. */
  async pass(): Promise<number> {
    const claimed = await this.claim();
    const outcomes = await Promise.all(claimed.map((delivery) => this.attemptAlone(delivery)));
    return outcomes.filter(Boolean).length;
  }

  /** Whatever goes wrong with one delivery stays with it; the lease brings it back later. */
  private async attemptAlone(delivery: ClaimedDelivery): Promise<boolean> {
    try {
      return await this.attempt(delivery);
    } catch (error) {
      this.options.logger.error(
        { err: error, deliveryId: delivery.id },
        'webhook delivery could not be recorded',
      );
      return false;
    }
  }

  private async claim(): Promise<ClaimedDelivery[]> {
    const { leaseMs, batchSize } = this.policy;
    return this.options.db.$queryRaw<ClaimedDelivery[]>`
      WITH due AS (
        SELECT d.id FROM marketplace_webhook_deliveries d
        JOIN marketplace_webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= CURRENT_TIMESTAMP
          AND e.disabled_at IS NULL
        ORDER BY d.next_attempt_at
        LIMIT ${batchSize}
        FOR UPDATE OF d SKIP LOCKED
      )
      UPDATE marketplace_webhook_deliveries d
      SET next_attempt_at = CURRENT_TIMESTAMP + make_interval(secs => ${leaseMs / 1000}),
          attempts = d.attempts + 1
      FROM due, marketplace_webhook_endpoints e
      WHERE d.id = due.id AND e.id = d.endpoint_id
      RETURNING d.id, d.event_id, d.attempts, d.payload, e.url, e.secret`;
  }

  private async attempt(delivery: ClaimedDelivery): Promise<boolean> {
    const { db, logger } = this.options;
    const context = {
      deliveryId: delivery.id,
      eventId: delivery.event_id,
      attempts: delivery.attempts,
    };
    const outcome = await this.post(delivery).catch((error: unknown): SendOutcome => {
      logger.error({ ...context, err: error }, 'webhook delivery could not be attempted');
      return { delivered: false, statusCode: null, error: 'delivery_error' };
    });
    if (outcome.delivered) {
      await db.marketplaceWebhookDelivery.update({
        where: { id: delivery.id },
        data: {
          status: 'delivered',
          deliveredAt: new Date(),
          lastStatusCode: outcome.statusCode,
          lastError: null,
        },
      });
      logger.info(context, 'webhook delivered');
      return true;
    }
    const givenUp = delivery.attempts >= this.policy.maxAttempts;
    webhookFailures.inc();
    if (givenUp) webhookGiveUps.inc();
    await db.marketplaceWebhookDelivery.update({
      where: { id: delivery.id },
      data: {
        status: givenUp ? 'failed' : 'pending',
        nextAttemptAt: new Date(Date.now() + retryDelayMs(this.policy, delivery.attempts)),
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error,
      },
    });
    logger.warn(
      { ...context, statusCode: outcome.statusCode, error: outcome.error, givenUp },
      'webhook not delivered',
    );
    return false;
  }

  private async post(delivery: ClaimedDelivery): Promise<SendOutcome> {
    const body = JSON.stringify(delivery.payload);
    return sendWebhook(
      {
        url: delivery.url,
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signatureHeader(delivery.secret, body, Math.floor(Date.now() / 1000)),
          [EVENT_ID_HEADER]: delivery.event_id,
        },
        body,
      },
      { urls: this.options.urls, timeoutMs: this.policy.requestTimeoutMs },
    );
  }
}
