// The notify activity: turns a billing event into stored notifications for the seller and the
// marketplace's admins (R9, R10). The dedupe key makes a retried activity a no-op.
import type { Database } from '../db/client';
import type { Logger } from '../observability/logger';
import type { NotifyRequest } from '../workflows/activity-contracts';
import { composeNotifications } from './notification-text';

export function createNotificationActivities(deps: { db: Database; logger: Logger }) {
  const { db } = deps;

  async function notify(request: NotifyRequest): Promise<void> {
    const seller = await db.seller.findUniqueOrThrow({
      where: { id: request.sellerId },
      include: { marketplace: true },
    });
    const messages = composeNotifications(request.event, {
      sellerName: seller.name,
      marketplaceName: seller.marketplace.name,
    });
    await db.notification.createMany({
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
