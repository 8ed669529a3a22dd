-- Running sums of the spend the relay has not yet claimed, one row per seller, campaign and the
-- billing cycle the spend occurred in. Ingestion adds to them in the statement that writes the
-- ledger rows, and the relay claims a seller's sums instead of its rows, so a relay pass costs the
-- number of these rows, however many ledger rows stand behind them. Amounts are numeric: a sum of
-- many maximum events outgrows bigint long before anyone could bill it, and must not fail ingest.
CREATE TABLE "spend_pending" (
    "seller_id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "cycle_starts_at" TIMESTAMP(3) NOT NULL,
    "marketplace_id" UUID NOT NULL,
    "micros" NUMERIC NOT NULL,
    "oldest_received_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "spend_pending_pkey" PRIMARY KEY ("seller_id", "campaign_id", "cycle_starts_at")
);

-- The rows no relay claimed yet become their sums. Rows beyond every bound (written before the
-- bounds existed) were never relayed: their sellers stay set aside, and the ledger keeps them.
INSERT INTO "spend_pending"
    ("seller_id", "campaign_id", "cycle_starts_at", "marketplace_id", "micros", "oldest_received_at")
SELECT e."seller_id", e."campaign_id",
    (date_trunc('month', e."occurred_at" AT TIME ZONE 'UTC' AT TIME ZONE m."time_zone")
        AT TIME ZONE m."time_zone") AT TIME ZONE 'UTC',
    e."marketplace_id", sum(e."amount_micros"), min(e."received_at")
FROM "spend_events" e JOIN "marketplaces" m ON m."id" = e."marketplace_id"
WHERE e."relay_batch_id" IS NULL AND e."billable" AND e."amount_micros" > 0
    AND e."amount_micros" <= 99999999000000
GROUP BY 1, 2, 3, 4;

INSERT INTO "spend_relay_holds"
    ("seller_id", "marketplace_id", "reason", "attempts", "held_at", "retry_at")
SELECT DISTINCT e."seller_id", e."marketplace_id", 'spend_out_of_bounds', 1,
    CURRENT_TIMESTAMP, TIMESTAMP '9999-12-31 00:00:00'
FROM "spend_events" e
WHERE e."relay_batch_id" IS NULL AND e."billable" AND e."amount_micros" > 99999999000000
ON CONFLICT ("seller_id") DO UPDATE SET "reason" = EXCLUDED."reason", "retry_at" = EXCLUDED."retry_at";

-- Rows are no longer claimed one by one.
DROP INDEX "spend_events_unclaimed_idx";
ALTER TABLE "spend_events" DROP CONSTRAINT "spend_events_relay_batch_id_fkey";
ALTER TABLE "spend_events" DROP COLUMN "relay_batch_id";
