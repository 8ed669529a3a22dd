// The notify activity: turns a billing event into stored notifications for the seller and the
// marketplace's admins (R9, R10), and into a webhook event for the marketplace's endpoints. The
// dedupe key makes a retried activity a no-op: notifications and deliveries are unique on it.
import { DEFAULT_PUBLIC_API_URL } from '../config/environment';
import type { Database } from '../db/client';
import type { Logger } from '../observability/logger';
import type { BillingEvent, NotifyRequest } from '../workflows/activity-contracts';
import { enqueueWebhookEvent, type WebhookEventType } from '../webhooks/events';
import { composeNotifications } from './notification-text';

const WEBHOOK_EVENT_TYPES: Record<BillingEvent['kind'], WebhookEventType | null> = {
  payment_succeeded: 'payment.succeeded',
  payment_failed: 'payment.failed',
  seller_delinquent: 'seller.delinquent',
  spend_alert: null,
  credit_limit_step: null,
  credit_issued: 'credit.issued',
  payment_refunded: 'payment.refunded',
};

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
    const defaultPaymentMethod = seller.paymentMethods[0] ?? null;
    const defaultCard = defaultPaymentMethod && {
      brand: defaultPaymentMethod.brand,
      last4: defaultPaymentMethod.last4,
    };
    const messages = composeNotifications(request.event, {
      sellerName: seller.name,
      marketplaceName: seller.marketplace.name,
      publicApiUrl: deps.publicApiUrl ?? DEFAULT_PUBLIC_API_URL,
      defaultCard,
    });
    const webhookType = WEBHOOK_EVENT_TYPES[request.event.kind];
    const data = Object.fromEntries(
      Object.entries(request.event).filter(([field]) => field !== 'kind'),
    );
    // What the pages need to say the text in their reader's language (notifications/params.ts).
    const params = { ...data, sellerName: seller.name, defaultCard };
    await db.$transaction(async (tx) => {
      await tx.notification.createMany({
        data: messages.map((message) => ({
          marketplaceId: request.marketplaceId,
          sellerId: request.sellerId,
          recipientRole: message.recipientRole,
          kind: request.event.kind,
          subject: message.subject,
          body: message.body,
          params,
          dedupeKey: `${request.dedupeKey}:${message.recipientRole}`,
          emailTo: message.recipientRole === 'seller' ? seller.email : null,
        })),
        skipDuplicates: true,
      });
      if (webhookType) {
        await enqueueWebhookEvent(tx, {
          id: request.dedupeKey,
          type: webhookType,
          marketplaceId: request.marketplaceId,
          sellerId: request.sellerId,
          data,
        });
      }
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
