-- What the pages need to say a notification and an invitation outcome in the reader language:
-- a notification keeps the parameters of its text (older rows have none and show the stored
-- English text), and an accepted invitation keeps the code and the facts of its R3 reason.
ALTER TABLE "notifications" ADD COLUMN "params" JSONB;

ALTER TABLE "invitations" ADD COLUMN "decision_reason_code" TEXT,
ADD COLUMN "decision_active_campaigns" INTEGER,
ADD COLUMN "decision_balance_minor" BIGINT;

-- Accepted invitations get the code and facts read back from the stored English reason.
UPDATE "invitations" SET
  "decision_reason_code" = CASE
    WHEN "decision_reason" = 'already self-service' THEN 'already_self_service'
    WHEN "decision_reason" LIKE 'new seller:%' THEN 'new_seller'
    ELSE 'existing_seller' END,
  "decision_active_campaigns" = coalesce(substring("decision_reason" from '(\d+) active campaign')::integer, 0),
  "decision_balance_minor" = coalesce(substring("decision_reason" from 'a balance of (-?\d+) minor units')::bigint, 0)
WHERE "decision_reason" IS NOT NULL;
