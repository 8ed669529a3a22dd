// The e-mail dispatcher: a loop in the worker process that sends every stored notification that
// has an address (its emailTo, or the marketplace's adminEmail for admin notifications) over SMTP,
// whatever its kind, and retries failures with backoff. An invitation e-mail's stored text holds
// no token: each send mints one for its invitation (stored as a hash only) and adds it to the
// text; an invitation no longer pending is not e-mailed.
//
// Never duplicated: a pass claims due rows with FOR UPDATE SKIP LOCKED and leases them (pushes
// emailNextAttemptAt past the lease), so dispatchers side by side claim disjoint rows. It sends,
// then marks emailSentAt. A crash between the SMTP "250 OK" and the mark can only resend after the
// lease, with the same Message-ID (made from the notification id), which mail clients and
// deduplicating MTAs treat as the same message. Marking before sending would instead lose the
// e-mail on such a crash; holding a transaction open across SMTP would pin a connection per send.
//
// Fair and isolated: a pass takes at most `perMarketplace` e-mails of any one marketplace, so a
// flood in one never delays another's receipts, and each e-mail succeeds or fails on its own.
import type { Transporter } from 'nodemailer';
import { DEFAULT_PUBLIC_API_URL } from '../config/environment';
import type { Database } from '../db/client';
import { withAcceptance } from '../invitations/invitation-email';
import { mintInvitationToken } from '../invitations/tokens';
import type { Logger } from '../observability/logger';
import { emailFailures, emailGiveUps } from '../observability/metrics';
import { retryDelayMs, type RetryPolicy } from '../rules';

export interface EmailDispatcherPolicy extends RetryPolicy {
  pollIntervalMs: number;
  /** How long a claimed e-mail is held before another pass may take it (a crashed sender). */
  leaseMs: number;
  batchSize: number;
  /** The most e-mails of one marketplace a pass takes. */
  perMarketplace: number;
}

export const DEFAULT_EMAIL_POLICY: EmailDispatcherPolicy = {
  pollIntervalMs: 2_000,
  leaseMs: 60_000,
  batchSize: 50,
  perMarketplace: 10,
  baseDelayMs: 30_000,
  maxDelayMs: 6 * 60 * 60_000,
  maxAttempts: 10,
};

interface ClaimedEmail {
  id: string;
  address: string;
  /** Attempts so far, this one included. */
  attempts: number;
  subject: string;
  body: string;
  invitationId: string | null;
}

export class EmailDispatcher {
  readonly policy: EmailDispatcherPolicy;
  private readonly now: () => number;

  constructor(
    private readonly options: {
      db: Database;
      transport: Transporter;
      from: string;
      logger: Logger;
      /** Base of the acceptance link in invitation e-mails (PUBLIC_API_URL). */
      publicApiUrl?: string;
      policy?: Partial<EmailDispatcherPolicy>;
      /** The dispatcher's clock (backoff and leases); tests pass one they move themselves. */
      now?: () => number;
    },
  ) {
    this.policy = { ...DEFAULT_EMAIL_POLICY, ...options.policy };
    this.now = options.now ?? Date.now;
  }

  /** One pass: claims the due e-mails and sends each; returns how many were sent. */
  async pass(): Promise<number> {
    const claimed = await this.claim();
    const outcomes = await Promise.all(
      claimed.map((email) =>
        this.send(email).catch((error: unknown) => {
          // Its lease keeps it from the next passes until it expires; the others go on.
          this.options.logger.error({ err: error, notificationId: email.id }, 'e-mail row failed');
          return false;
        }),
      ),
    );
    return outcomes.filter(Boolean).length;
  }

  private async claim(): Promise<ClaimedEmail[]> {
    const { leaseMs, maxAttempts, batchSize, perMarketplace } = this.policy;
    // Timestamps are stored as UTC wall time (timestamp without time zone).
    const now = new Date(this.now()).toISOString();
    return this.options.db.$queryRaw<ClaimedEmail[]>`
      WITH fair AS (
        SELECT id, address FROM (
          SELECT n.id, coalesce(n.email_to, m.admin_email) AS address,
            row_number() OVER (PARTITION BY n.marketplace_id ORDER BY n.created_at) AS place
          FROM notifications n JOIN marketplaces m ON m.id = n.marketplace_id
          WHERE n.email_sent_at IS NULL
            AND (n.email_to IS NOT NULL OR (n.recipient_role = 'admin' AND m.admin_email IS NOT NULL))
            AND (n.email_next_attempt_at IS NULL OR n.email_next_attempt_at <= ${now}::timestamp)
            AND n.email_attempts < ${maxAttempts}
            AND (n.invitation_id IS NULL OR EXISTS (
              SELECT 1 FROM invitations i
              WHERE i.id = n.invitation_id AND i.accepted_at IS NULL AND i.revoked_at IS NULL
                AND i.expires_at > ${now}::timestamp))) ranked
        WHERE place <= ${perMarketplace}
      ), due AS (
        -- Re-checked under the row lock: another dispatcher may have claimed it meanwhile.
        SELECT n.id, fair.address
        FROM notifications n JOIN fair ON fair.id = n.id
        WHERE n.email_sent_at IS NULL
          AND (n.email_next_attempt_at IS NULL OR n.email_next_attempt_at <= ${now}::timestamp)
          AND n.email_attempts < ${maxAttempts}
        ORDER BY n.created_at
        LIMIT ${batchSize}
        FOR UPDATE OF n SKIP LOCKED
      )
      UPDATE notifications n
      SET email_next_attempt_at = ${now}::timestamp + make_interval(secs => ${leaseMs / 1000}),
          email_attempts = n.email_attempts + 1
      FROM due WHERE n.id = due.id
      RETURNING n.id, due.address, n.email_attempts AS attempts, n.subject, n.body,
        n.invitation_id AS "invitationId"`;
  }

  private async send(email: ClaimedEmail): Promise<boolean> {
    const { db, transport, logger } = this.options;
    try {
      await transport.sendMail({
        from: this.options.from,
        to: email.address,
        subject: email.subject,
        text: await this.text(email),
        messageId: `<notification-${email.id}@selfserve-billing>`,
      });
    } catch (error) {
      const delayMs = retryDelayMs(this.policy, email.attempts);
      await db.notification.update({
        where: { id: email.id },
        data: {
          emailNextAttemptAt: new Date(this.now() + delayMs),
          emailLastError: storableError(error),
        },
      });
      const givenUp = email.attempts >= this.policy.maxAttempts;
      emailFailures.inc();
      if (givenUp) emailGiveUps.inc();
      logger.warn(
        {
          err: error,
          notificationId: email.id,
          attempts: email.attempts,
          retryInMs: delayMs,
          givenUp,
        },
        givenUp ? 'e-mail not sent; giving up' : 'e-mail not sent; will retry',
      );
      return false;
    }
    await db.notification.update({
      where: { id: email.id },
      data: { emailSentAt: new Date(this.now()), emailTo: email.address, emailLastError: null },
    });
    logger.info({ notificationId: email.id }, 'notification e-mailed');
    return true;
  }

  /**
   * The text to send. A token minted for an e-mail whose send then fails is kept: the server may
   * have delivered the message before the error.
   */
  private async text(email: ClaimedEmail): Promise<string> {
    if (!email.invitationId) return email.body;
    const token = await mintInvitationToken(this.options.db, email.invitationId);
    return withAcceptance(email.body, token, this.options.publicApiUrl ?? DEFAULT_PUBLIC_API_URL);
  }
}

/** The SMTP error as a short line PostgreSQL can store (no NUL or other control characters). */
function storableError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // eslint-disable-next-line no-control-regex -- control characters are what it removes
  return message.replace(/[\u0000-\u001F\u007F]+/g, ' ').slice(0, 500);
}
