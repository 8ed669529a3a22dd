-- Hand-written (Prisma's schema cannot express partial indexes): e-mails not yet sent, which the
-- dispatcher claims from and the worker's e-mail backlog metric counts, found without reading
-- every notification ever stored.
CREATE INDEX "notifications_email_unsent_idx" ON "notifications" ("created_at") WHERE "email_sent_at" IS NULL;
