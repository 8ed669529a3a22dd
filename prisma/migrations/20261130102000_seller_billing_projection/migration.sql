-- The seller billing projection: what each seller workflow last reported of its billing state
-- (status, limit in force and pending, unbilled spend, cycle), written by the workflow through an
-- activity and by the spend relay from the results of its spend updates. The version comes from
-- the workflow and rises with every report, so an older write never replaces a newer one. Lists
-- and the relay read it instead of asking each workflow. closed_status is set when a spend
-- delivery finds the workflow no longer running (an operator terminated it), and cleared by the
-- next report from a running one.

-- CreateTable
CREATE TABLE "seller_billing_projection" (
    "seller_id" UUID NOT NULL,
    "marketplace_id" UUID NOT NULL,
    "version" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "credit_limit_minor" BIGINT NOT NULL,
    "pending_credit_limit_minor" BIGINT,
    "unbilled_micros" BIGINT NOT NULL,
    "cycle_starts_at" TIMESTAMP(3) NOT NULL,
    "cycle_ends_at" TIMESTAMP(3) NOT NULL,
    "closed_status" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "seller_billing_projection_pkey" PRIMARY KEY ("seller_id")
);

-- CreateIndex
CREATE INDEX "seller_billing_projection_marketplace_id_status_idx" ON "seller_billing_projection"("marketplace_id", "status");

-- CreateIndex
CREATE INDEX "sellers_marketplace_id_created_at_id_idx" ON "sellers"("marketplace_id", "created_at", "id");

-- AddForeignKey
ALTER TABLE "seller_billing_projection" ADD CONSTRAINT "seller_billing_projection_seller_id_fkey" FOREIGN KEY ("seller_id") REFERENCES "sellers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seller_billing_projection" ADD CONSTRAINT "seller_billing_projection_marketplace_id_fkey" FOREIGN KEY ("marketplace_id") REFERENCES "marketplaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
