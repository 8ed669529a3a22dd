-- CreateTable
CREATE TABLE "spend_relay_holds" (
    "seller_id" UUID NOT NULL,
    "marketplace_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "held_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retry_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "spend_relay_holds_pkey" PRIMARY KEY ("seller_id")
);

-- CreateIndex
CREATE INDEX "spend_relay_holds_marketplace_id_idx" ON "spend_relay_holds"("marketplace_id");
