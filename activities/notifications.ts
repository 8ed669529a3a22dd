// The notify activity: turns a billing event into stored notifications for the seller and the
// marketplace's admins (R9, R10). The dedupe key makes a retried activity a no-op.
import { DEFAULT_PUBLIC_API_URL } from '../config/environment';
import type { Database } from '../db/client';
import type { Logger } from '../observability/logger';
import type { NotifyRequest } from '../workflows/activity-contracts';
import { composeNotifications } from './notification-text';

export function createNotificationActivities(deps: {
  db: Database;
  logger: Logger;
  publicApiUrl?: string;
}) {
  const { db } = deps;

  async function notify(request: NotifyRequest): Promise<void> {
    const seller = await db.seller.findUniqueOrThrow({
      where: { id: request.sellerId },
      include: {
        marketplace: true,
        paymentMethods: { where: { isDefault: true, removedAt: null }, take: 1 },
      },
    });
    const defaultCard = seller.paymentMethods[0] ?? null;
    const messages = composeNotifications(request.event, {
      sellerName: seller.name,
      marketplaceName: seller.marketplace.name,
      publicApiUrl: deps.publicApiUrl ?? DEFAULT_PUBLIC_API_URL,
      defaultCard: defaultCard && { brand: defaultCard.brand, last4: defaultCard.last4 },
    });
    await db.$transaction(async (tx) => {
      await tx.notification.createMany({
        data: messages.map((message) => ({
          marketplaceId: request.marketplaceId,
          sellerId: request.sellerId,
          recipientRole: message.recipientRole,
          kind: request.event.kind,
          subject: message.subject,
          body: message.body,
          dedupeKey: `${request.dedupeKey}:${message.recipientRole}`,
          emailTo: message.recipientRole === 'seller' ? seller.email : null,
        })),
        skipDuplicates: true,
      });
    });
    deps.logger.info(
      {
        marketplaceId: request.marketplaceId,
        sellerId: request.sellerId,
        kind: request.event.kind,
      },
      'notifications stored',
    );
  }

  return { notify };
}
