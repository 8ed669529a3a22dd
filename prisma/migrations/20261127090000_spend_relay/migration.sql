-- AlterTable
ALTER TABLE "spend_events" DROP COLUMN "signalled_at",
ADD COLUMN     "billable" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "spend_relay_batches" (
    "id" UUID NOT NULL,
    "marketplace_id" UUID NOT NULL,
    "seller_id" UUID NOT NULL,
    "total_micros" BIGINT NOT NULL,
    "late_micros" BIGINT NOT NULL,
    "by_campaign_micros" JSONB NOT NULL,
    "claimed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "signalled_at" TIMESTAMP(3),

    CONSTRAINT "spend_relay_batches_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "spend_events" ADD CONSTRAINT "spend_events_relay_batch_id_fkey" FOREIGN KEY ("relay_batch_id") REFERENCES "spend_relay_batches"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written (Prisma's schema cannot express partial indexes): the relay's two work queues.
-- Spend waiting to be claimed: only the unclaimed billable rows are indexed, so the relay's scan
-- costs what is pending, not the size of the ledger.
CREATE INDEX "spend_events_unclaimed_idx" ON "spend_events" ("seller_id") WHERE "relay_batch_id" IS NULL AND "billable";

-- Batches claimed but not yet confirmed as signalled, which the relay sends again after a crash.
CREATE INDEX "spend_relay_batches_unsignalled_idx" ON "spend_relay_batches" ("claimed_at") WHERE "signalled_at" IS NULL;
