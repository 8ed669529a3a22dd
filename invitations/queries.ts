// Reading a marketplace's invitations: newest first, optionally only those with one status.
import type { Database } from '../db/client';
import { afterCursor, PAGE_ORDER, pageOf, type PageRequest } from '../domain/pagination';
import { withStatus, type InvitationStatus } from './status';

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
