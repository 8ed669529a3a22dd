-- The simulated gateway keeps its own record of each refund it made, the way Stripe does, so the
-- daily reconciliation (R16) compares our refunds with it from any process.

-- CreateTable
CREATE TABLE "simulated_gateway_refunds" (
    "idempotency_key" TEXT NOT NULL,
    "account_id" TEXT,
    "gateway_refund_id" TEXT NOT NULL,
    "gateway_payment_id" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "simulated_gateway_refunds_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateIndex
CREATE UNIQUE INDEX "simulated_gateway_refunds_gateway_refund_id_key" ON "simulated_gateway_refunds"("gateway_refund_id");

-- CreateIndex
CREATE INDEX "simulated_gateway_refunds_account_id_created_at_idx" ON "simulated_gateway_refunds"("account_id", "created_at");
