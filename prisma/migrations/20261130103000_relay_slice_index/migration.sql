-- Hand-written (Prisma's schema cannot express partial indexes): the unclaimed billable rows in
-- id order within each seller. The relay finds the sellers with pending spend by skipping from
-- one seller to the next in this index, and reads and claims only the oldest rows of each, so a
-- pass costs the sellers with pending spend times one slice, however deep the backlog.
DROP INDEX "spend_events_unclaimed_idx";
CREATE INDEX "spend_events_unclaimed_idx" ON "spend_events" ("seller_id", "id") WHERE "relay_batch_id" IS NULL AND "billable";
