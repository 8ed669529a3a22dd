-- Daily reconciliation with the payment gateway (R16). Each run compares one local day of our
-- payments with what the gateway says it charged, and keeps every difference it found for the
-- admin. The simulated gateway keeps its own record of each charge it made, the way Stripe does,
-- so that it can be compared too.

-- CreateTable
CREATE TABLE "simulated_gateway_charges" (
    "idempotency_key" TEXT NOT NULL,
    "account_id" TEXT,
    "gateway_payment_id" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" TEXT NOT NULL,
    "payment_method_id" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "simulated_gateway_charges_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateTable
CREATE TABLE "reconciliation_runs" (
    "id" UUID NOT NULL,
    "marketplace_id" UUID NOT NULL,
    "run_key" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "period_starts_at" TIMESTAMP(3) NOT NULL,
    "period_ends_at" TIMESTAMP(3) NOT NULL,
    "gateway" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "our_records" INTEGER NOT NULL,
    "gateway_records" INTEGER NOT NULL,
    "difference_count" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reconciliation_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reconciliation_differences" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "record_kind" TEXT NOT NULL,
    "gateway_id" TEXT NOT NULL,
    "our_record_id" UUID,
    "seller_id" UUID,
    "currency" CHAR(3) NOT NULL,
    "our_amount_minor" BIGINT,
    "gateway_amount_minor" BIGINT,
    "our_status" TEXT,
    "gateway_status" TEXT,
    "occurred_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "reconciliation_differences_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "simulated_gateway_charges_gateway_payment_id_key" ON "simulated_gateway_charges"("gateway_payment_id");

-- CreateIndex
CREATE INDEX "simulated_gateway_charges_account_id_created_at_idx" ON "simulated_gateway_charges"("account_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "reconciliation_runs_run_key_key" ON "reconciliation_runs"("run_key");

-- CreateIndex
CREATE INDEX "reconciliation_runs_marketplace_id_created_at_idx" ON "reconciliation_runs"("marketplace_id", "created_at");

-- CreateIndex
CREATE INDEX "reconciliation_differences_run_id_idx" ON "reconciliation_differences"("run_id");

-- AddForeignKey
ALTER TABLE "reconciliation_runs" ADD CONSTRAINT "reconciliation_runs_marketplace_id_fkey" FOREIGN KEY ("marketplace_id") REFERENCES "marketplaces"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reconciliation_differences" ADD CONSTRAINT "reconciliation_differences_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "reconciliation_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
