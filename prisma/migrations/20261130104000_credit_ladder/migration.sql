-- Graduated credit limits (rule R12): a marketplace can let its sellers climb a ladder of credit
-- limits above the default, one step after a number of consecutive successful charges. Off by
-- default. The steps are limits in minor units, increasing, the last one the maximum.
ALTER TABLE "marketplaces" ADD COLUMN "credit_ladder_enabled" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "marketplaces" ADD COLUMN "credit_ladder_steps_minor" INTEGER[] DEFAULT ARRAY[]::INTEGER[];
ALTER TABLE "marketplaces" ADD COLUMN "credit_ladder_charges_per_step" INTEGER NOT NULL DEFAULT 3;
