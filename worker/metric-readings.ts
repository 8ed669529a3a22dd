// The worker's scrape-time readings: relay lag, sellers set aside, undelivered billing commands,
// e-mail and webhook backlogs and each marketplace's exposure from the database, and running billing workflows by status from
// Temporal's visibility. Each is one indexed query under a statement timeout, so a scrape never
// competes with billing for long.
import type { CommandSetAsideReason } from '../billing-commands/relay';
import type { Database } from '../db/client';
import { DEFAULT_EMAIL_POLICY } from '../notifications/email-dispatcher';
import type { WorkerReadings } from '../observability/metrics';
import type { SpendHoldReason } from '../spend/relay';
import type { SellerBillingClient } from '../temporal/seller-billing-client';

/** The longest one reading's statement may run in PostgreSQL. */
const STATEMENT_TIMEOUT_MS = 1_000;

const HOLD_REASONS: SpendHoldReason[] = ['workflow_not_running', 'spend_out_of_bounds'];
const COMMAND_STATES: Array<'pending' | CommandSetAsideReason> = [
  'pending',
  'workflow_not_running',
  'delivery_failed',
];

export function workerReadings(deps: {
  db: Database;
  billing: Pick<SellerBillingClient, 'countRunningByStatus'>;
  emailMaxAttempts?: number;
}): WorkerReadings {
  const { db } = deps;
  const bounded = async <T>(query: ReturnType<Database['$queryRaw']>) => {
    const [, rows] = await db.$transaction([
      db.$executeRawUnsafe(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`),
      query,
    ]);
    return rows as T[];
  };
  const count = async (query: ReturnType<Database['$queryRaw']>) =>
    (await bounded<{ n: number }>(query))[0]?.n ?? 0;
  return {
    // Spend waiting in the pending sums, and batches claimed but unconfirmed (their spend is at
    // least as old as the claim).
    async relayLagSeconds() {
      const [row] = await bounded<{ lag: number | null }>(db.$queryRaw`
        SELECT extract(epoch FROM LOCALTIMESTAMP - least(
          (SELECT min(p.oldest_received_at) FROM spend_pending p
            WHERE NOT EXISTS (SELECT 1 FROM spend_relay_holds h WHERE h.seller_id = p.seller_id)),
          (SELECT min(b.claimed_at) FROM spend_relay_batches b
            WHERE b.signalled_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM spend_relay_holds h WHERE h.seller_id = b.seller_id))
        ))::float8 AS lag`);
      return Math.max(row?.lag ?? 0, 0);
    },
    async sellersSetAside() {
      const rows = await bounded<{ reason: string; n: number }>(db.$queryRaw`
        SELECT reason, count(*)::int AS n FROM spend_relay_holds GROUP BY reason`);
      return {
        ...Object.fromEntries(HOLD_REASONS.map((reason) => [reason, 0])),
        ...Object.fromEntries(rows.map((row) => [row.reason, row.n])),
      };
    },
    // Through the partial index of undelivered commands.
    async billingCommandsUndelivered() {
      const rows = await bounded<{ state: string; n: number }>(db.$queryRaw`
        SELECT coalesce(set_aside_reason, 'pending') AS state, count(*)::int AS n
        FROM billing_commands WHERE delivered_at IS NULL GROUP BY 1`);
      return {
        ...Object.fromEntries(COMMAND_STATES.map((state) => [state, 0])),
        ...Object.fromEntries(rows.map((row) => [row.state, row.n])),
      };
    },
    // Unsent e-mails the dispatcher will still try (an address, attempts left, an invitation
    // still pending), through the partial index of unsent notifications.
    emailBacklog: () =>
      count(db.$queryRaw`
        SELECT count(*)::int AS n FROM notifications n JOIN marketplaces m ON m.id = n.marketplace_id
        WHERE n.email_sent_at IS NULL
          AND n.email_attempts < ${deps.emailMaxAttempts ?? DEFAULT_EMAIL_POLICY.maxAttempts}
          AND (n.email_to IS NOT NULL OR (n.recipient_role = 'admin' AND m.admin_email IS NOT NULL))
          AND (n.invitation_id IS NULL OR EXISTS (
            SELECT 1 FROM invitations i WHERE i.id = n.invitation_id
              AND i.accepted_at IS NULL AND i.revoked_at IS NULL
              AND i.expires_at > (now() AT TIME ZONE 'UTC')))`),
    webhookBacklog: () =>
      count(db.$queryRaw`
        SELECT count(*)::int AS n FROM marketplace_webhook_deliveries d
        JOIN marketplace_webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.status = 'pending' AND e.disabled_at IS NULL`),
    workflowsByBillingStatus: () => deps.billing.countRunningByStatus(),
    // R15: the billing projection's reported unbilled spend (sellers/exposure.ts has the rest).
    async exposureMicrosByMarketplace() {
      const rows = await bounded<{ marketplace_id: string; micros: number }>(db.$queryRaw`
        SELECT p.marketplace_id::text, sum(p.unbilled_micros)::float8 AS micros
        FROM seller_billing_projection p JOIN sellers s ON s.id = p.seller_id
        WHERE s.billing_mode = 'self_service' AND p.closed_status IS NULL
        GROUP BY p.marketplace_id`);
      return Object.fromEntries(rows.map((row) => [row.marketplace_id, row.micros]));
    },
  };
}
