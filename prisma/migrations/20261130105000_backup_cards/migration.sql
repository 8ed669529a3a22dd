-- Backup cards (R13). A seller may turn backup charging off (on by default). A payment made to a
-- backup card names the charge whose default card failed. Each backup attempt is written down
-- before its card is charged, at its position in the charge, so that a retried charge replays
-- the attempts it already made, in the same order, before it tries any other card.

-- AlterTable
ALTER TABLE "sellers" ADD COLUMN "backup_charging" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "payments" ADD COLUMN "backup_of_key" TEXT;

-- CreateTable
CREATE TABLE "backup_charge_attempts" (
    "idempotency_key" TEXT NOT NULL,
    "charge_key" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "payment_method_id" UUID NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "backup_charge_attempts_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateIndex
CREATE UNIQUE INDEX "backup_charge_attempts_charge_key_position_key" ON "backup_charge_attempts"("charge_key", "position");

-- AddForeignKey
ALTER TABLE "backup_charge_attempts" ADD CONSTRAINT "backup_charge_attempts_payment_method_id_fkey" FOREIGN KEY ("payment_method_id") REFERENCES "payment_methods"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
