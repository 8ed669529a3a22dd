-- AlterTable
ALTER TABLE "marketplaces" ADD COLUMN     "admin_email" TEXT;

-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "email_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "email_last_error" TEXT,
ADD COLUMN     "email_next_attempt_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "marketplace_webhook_endpoints" (
    "id" UUID NOT NULL,
    "marketplace_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabled_at" TIMESTAMP(3),

    CONSTRAINT "marketplace_webhook_endpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "marketplace_webhook_deliveries" (
    "id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "delivered_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "marketplace_webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "marketplace_webhook_endpoints_marketplace_id_idx" ON "marketplace_webhook_endpoints"("marketplace_id");

-- CreateIndex
CREATE INDEX "marketplace_webhook_deliveries_status_next_attempt_at_idx" ON "marketplace_webhook_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "marketplace_webhook_deliveries_endpoint_id_event_id_key" ON "marketplace_webhook_deliveries"("endpoint_id", "event_id");

-- AddForeignKey
ALTER TABLE "marketplace_webhook_endpoints" ADD CONSTRAINT "marketplace_webhook_endpoints_marketplace_id_fkey" FOREIGN KEY ("marketplace_id") REFERENCES "marketplaces"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "marketplace_webhook_deliveries" ADD CONSTRAINT "marketplace_webhook_deliveries_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "marketplace_webhook_endpoints"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

