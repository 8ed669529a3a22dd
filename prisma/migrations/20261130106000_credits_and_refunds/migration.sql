-- Credits against the unbilled spend of a seller and refunds of its payments (R14). Each one that
-- takes effect gets a credit note numbered from the own credit-note sequence of the marketplace,
-- separate from its receipt numbers.
ALTER TABLE "marketplaces" ADD COLUMN "next_credit_note_number" INTEGER NOT NULL DEFAULT 1;

-- A credit is written with its billing command (credit_issued) and applied by the seller billing
-- workflow, capped at the whole minor units then unbilled: applied_minor is what it took off.
CREATE TABLE "credits" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "marketplace_id" UUID NOT NULL,
    "seller_id" UUID NOT NULL,
    "billing_command_id" UUID NOT NULL,
    "requested_minor" BIGINT NOT NULL,
    "applied_minor" BIGINT,
    "currency" CHAR(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "credit_note_number" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT timezone('utc', now()),
    "applied_at" TIMESTAMP(3),

    CONSTRAINT "credits_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "credits_requested_positive" CHECK ("requested_minor" > 0),
    CONSTRAINT "credits_applied_within_requested" CHECK ("applied_minor" >= 0 AND "applied_minor" <= "requested_minor")
);

CREATE UNIQUE INDEX "credits_billing_command_id_key" ON "credits" ("billing_command_id");
CREATE UNIQUE INDEX "credits_marketplace_id_credit_note_number_key" ON "credits" ("marketplace_id", "credit_note_number");
CREATE INDEX "credits_seller_id_created_at_idx" ON "credits" ("seller_id", "created_at");
CREATE INDEX "credits_marketplace_id_created_at_idx" ON "credits" ("marketplace_id", "created_at");
ALTER TABLE "credits" ADD CONSTRAINT "credits_marketplace_id_fkey" FOREIGN KEY ("marketplace_id") REFERENCES "marketplaces" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "credits" ADD CONSTRAINT "credits_seller_id_fkey" FOREIGN KEY ("seller_id") REFERENCES "sellers" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A refund of part of a succeeded payment: reserved as pending under the payment row lock, then
-- sent to the gateway with its idempotency key. Pending and succeeded refunds count against what
-- the payment can still give back.
CREATE TABLE "refunds" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "marketplace_id" UUID NOT NULL,
    "seller_id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "gateway" TEXT NOT NULL,
    "gateway_refund_id" TEXT,
    "failure_code" TEXT,
    "failure_message" TEXT,
    "credit_note_number" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT timezone('utc', now()),
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT timezone('utc', now()),

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "refunds_amount_positive" CHECK ("amount_minor" > 0)
);

CREATE UNIQUE INDEX "refunds_idempotency_key_key" ON "refunds" ("idempotency_key");
CREATE UNIQUE INDEX "refunds_marketplace_id_credit_note_number_key" ON "refunds" ("marketplace_id", "credit_note_number");
CREATE INDEX "refunds_payment_id_idx" ON "refunds" ("payment_id");
CREATE INDEX "refunds_seller_id_created_at_idx" ON "refunds" ("seller_id", "created_at");
CREATE INDEX "refunds_marketplace_id_created_at_idx" ON "refunds" ("marketplace_id", "created_at");
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_marketplace_id_fkey" FOREIGN KEY ("marketplace_id") REFERENCES "marketplaces" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_seller_id_fkey" FOREIGN KEY ("seller_id") REFERENCES "sellers" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
