// Reading invitations: a marketplace's, newest first, optionally only those with one status; and
// the one a token names, for its acceptance page.
import type { Database } from '../db/client';
import { afterCursor, PAGE_ORDER, pageOf, type PageRequest } from '../domain/pagination';
import { withStatus, type InvitationStatus } from './status';
import { hashInvitationToken } from './tokens';

export async function invitationsPage(
  db: Database,
  marketplaceId: string,
  request: PageRequest & { status?: InvitationStatus | undefined },
  now: Date,
) {
  const rows = await db.invitation.findMany({
    where: {
      AND: [
        { marketplaceId },
        request.status ? withStatus(request.status, now) : {},
        afterCursor(request.cursor),
      ],
    },
    orderBy: PAGE_ORDER,
    take: request.limit + 1,
  });
  return pageOf(rows, request.limit);
}

/** The invitation a token names, with its marketplace; null when none does. */
export async function invitationOfToken(db: Database, token: string) {
  const found = await db.invitationToken.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { invitation: { include: { marketplace: true } } },
  });
  return found?.invitation ?? null;
}
