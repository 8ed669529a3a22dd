// What inviting a seller takes, as the API and the admin's page both read it: the invitee's
// e-mail (kept in lower case) and how many days its link works.
import { z } from 'zod';
import { INVITATION_TTL_DAYS } from './tokens';

export const inviteSchema = z.strictObject({
  email: z.email().transform((email) => email.toLowerCase()),
  expiresInDays: z.int().min(1).max(30).default(INVITATION_TTL_DAYS),
});
