// A notification of a feed as its reader sees it, instants as ISO 8601 strings.
import type { Notification } from '../generated/prisma';

export function notificationView(notification: Notification) {
  return {
    id: notification.id,
    kind: notification.kind,
    sellerId: notification.sellerId,
    subject: notification.subject,
    body: notification.body,
    createdAt: notification.createdAt.toISOString(),
    readAt: notification.readAt?.toISOString() ?? null,
  };
}
