-- The billing-command outbox: every change a seller billing workflow must learn is written here
-- in the same transaction as the change, then delivered to the workflow by the command relay.
CREATE TABLE "billing_commands" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "marketplace_id" UUID NOT NULL,
    "seller_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT timezone('utc', now()),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT timezone('utc', now()),
    "delivered_at" TIMESTAMP(3),
    "set_aside_reason" TEXT,
    "last_error" TEXT,

    CONSTRAINT "billing_commands_pkey" PRIMARY KEY ("id")
);

-- Times are UTC wall time like every other timestamp here. The relay reads only undelivered
-- commands, oldest retry time first.
CREATE INDEX "billing_commands_undelivered_idx" ON "billing_commands" ("next_attempt_at") WHERE "delivered_at" IS NULL;
CREATE INDEX "billing_commands_seller_id_idx" ON "billing_commands" ("seller_id");

-- Raised in every transaction that changes what the seller billing workflow must hold (limit,
-- payment settings), so a workflow given two readings applies only the newer one.
ALTER TABLE "sellers" ADD COLUMN "billing_config_version" BIGINT NOT NULL DEFAULT 0;

-- Self-service sellers from before the outbox get one start command: it starts a workflow whose
-- start was lost and brings a running one up to date with the stored settings.
INSERT INTO "billing_commands" ("marketplace_id", "seller_id", "kind")
SELECT "marketplace_id", "id", 'start' FROM "sellers" WHERE "billing_mode" = 'self_service';
