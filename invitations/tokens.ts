// Invitation tokens: random, handed to the admin or e-mailed to the invitee, stored only as their
// SHA-256 hash. An invitation has several: the one the API answered and one per e-mail sent.
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/client';

export const INVITATION_TTL_DAYS = 7;

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Makes a new token for the invitation and returns its plain text, which is never stored. */
export async function mintInvitationToken(
  db: Pick<Database, 'invitationToken'>,
  invitationId: string,
): Promise<string> {
  const token = `inv_${randomBytes(24).toString('base64url')}`;
  await db.invitationToken.create({
    data: { invitationId, tokenHash: hashInvitationToken(token) },
  });
  return token;
}
