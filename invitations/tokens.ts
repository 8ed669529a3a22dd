// Invitation tokens: random, sent to the invitee, stored only as their SHA-256 hash.
import { createHash, randomBytes } from 'node:crypto';

export const INVITATION_TTL_DAYS = 7;

export function newInvitationToken(): string {
  return `inv_${randomBytes(24).toString('base64url')}`;
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
