// A notification's subject and body: in the page's language from its parameters, or, for a row
// stored before parameters were kept, its stored English text marked as English.
import type { Notification } from '../../generated/prisma';
import type { PageContext } from '../context';
import { notificationText } from '../notification-text';

export function NotificationMessage(props: {
  notification: Notification;
  timeZone: string;
  page: PageContext;
}) {
  const { notification } = props;
  const said = notificationText(notification, props.timeZone, props.page);
  return (
    <div class="message" lang={said ? undefined : 'en'}>
      <div>{said?.subject ?? notification.subject}</div>
      <div class="hint">{said?.body ?? notification.body}</div>
    </div>
  );
}
