-- The trend of each marketplace exposure (R15): the worker keeps at most one snapshot per
-- marketplace per hour, the UTC hour being the key, so a second writer in the same hour writes
-- nothing. The instant it was taken is kept beside it for the cycle bounds, which in a time zone
-- with a half-hour offset fall inside an hour.
-- Totals are sums over many sellers and may pass the range of a BIGINT, hence NUMERIC.

-- CreateTable
CREATE TABLE "exposure_snapshots" (
    "marketplace_id" UUID NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "taken_at" TIMESTAMP(3) NOT NULL,
    "unbilled_micros" NUMERIC(38,0) NOT NULL,
    "past_due_micros" NUMERIC(38,0) NOT NULL,
    "delinquent_micros" NUMERIC(38,0) NOT NULL,

    CONSTRAINT "exposure_snapshots_pkey" PRIMARY KEY ("marketplace_id","hour")
);

-- CreateIndex
CREATE INDEX "exposure_snapshots_marketplace_id_taken_at_idx" ON "exposure_snapshots"("marketplace_id", "taken_at");

-- AddForeignKey
ALTER TABLE "exposure_snapshots" ADD CONSTRAINT "exposure_snapshots_marketplace_id_fkey" FOREIGN KEY ("marketplace_id") REFERENCES "marketplaces"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
