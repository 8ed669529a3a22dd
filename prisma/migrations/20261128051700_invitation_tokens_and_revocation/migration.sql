-- Invitation tokens move to their own table, hashes only: the token the API answers and one per
-- e-mail sent. Invitations can be revoked. An invitation e-mail names its invitation instead of
-- holding a token in its text.

-- CreateTable
CREATE TABLE "invitation_tokens" (
    "id" UUID NOT NULL,
    "invitation_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invitation_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "invitation_tokens_token_hash_key" ON "invitation_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "invitation_tokens_invitation_id_idx" ON "invitation_tokens"("invitation_id");

-- AddForeignKey
ALTER TABLE "invitation_tokens" ADD CONSTRAINT "invitation_tokens_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "invitations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Keep every token already sent working.
INSERT INTO "invitation_tokens" ("id", "invitation_id", "token_hash", "created_at")
SELECT gen_random_uuid(), "id", "token_hash", "created_at" FROM "invitations";

-- DropIndex
DROP INDEX "invitations_token_hash_key";

-- DropIndex
DROP INDEX "invitations_marketplace_id_idx";

-- AlterTable
ALTER TABLE "invitations" DROP COLUMN "token_hash",
ADD COLUMN     "revoked_at" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "invitations_marketplace_id_created_at_idx" ON "invitations"("marketplace_id", "created_at");

-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "invitation_id" UUID;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "invitations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Stored invitation e-mails lose their token (the text from " with this token:" on) and name
-- their invitation (dedupe key "invitation:<id>"), so an unsent one gets a fresh token when sent.
UPDATE "notifications"
SET "body" = regexp_replace("body", ' with this token: .*$', '.'),
    "invitation_id" = substring("dedupe_key" FROM 12)::uuid
WHERE "kind" = 'invitation' AND "dedupe_key" LIKE 'invitation:%';
