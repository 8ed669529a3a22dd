// A notification feed, the admin's or the seller's, newest first and paged: what happened and
// the message in the page's language, when, and whether it has been read.
import type { Notification } from '../../generated/prisma';
import { CsrfField } from '../components/csrf-field';
import { Layout } from '../components/layout';
import { NotificationMessage } from '../components/notification-message';
import { Pager } from '../components/pager';
import type { Sections } from '../components/sections';
import type { PageContext } from '../context';
import { formatDateTime } from '../format';
import type { MessageKey } from '../i18n/en';
import type { Notice } from '../notice';

const KINDS = [
  'payment_succeeded',
  'payment_failed',
  'seller_delinquent',
  'invitation',
  'credit_issued',
  'payment_refunded',
  'reconciliation_differences',
];

export function FeedPage(props: {
  page: PageContext;
  nav: Sections;
  /** The feed's address; each notification is marked read under it. */
  base: string;
  /** The marketplace's, for the dates. */
  timeZone: string;
  notifications: Notification[];
  nextCursor: string | null;
  paged: boolean;
  notice: Notice | null;
}) {
  const { page, notifications, base } = props;
  const { t, intl } = page;
  return (
    <Layout page={page} title={t('admin.feed.title')} nav={props.nav} notice={props.notice}>
      <h2 id="feed">{t('admin.feed.list')}</h2>
      {notifications.length === 0 ? (
        <p>{t('admin.feed.empty')}</p>
      ) : (
        <ul class="rows" aria-labelledby="feed">
          {notifications.map((notification) => (
            <li key={notification.id} class="notification">
              <strong>
                {KINDS.includes(notification.kind)
                  ? t(`admin.feed.kind.${notification.kind}` as MessageKey)
                  : t('admin.feed.kind.other')}
              </strong>
              <span class="hint">
                {formatDateTime(notification.createdAt, props.timeZone, intl)}
              </span>
              {notification.readAt ? (
                <span class="badge">{t('admin.feed.read')}</span>
              ) : (
                <span class="badge past_due">{t('admin.feed.unread')}</span>
              )}
              <NotificationMessage
                notification={notification}
                timeZone={props.timeZone}
                page={page}
              />
              {!notification.readAt && (
                <form method="post" action={`${base}/${notification.id}/read`}>
                  <CsrfField page={page} />
                  <button type="submit" class="secondary">
                    {t('admin.feed.markRead')}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pager
        page={page}
        list="feed"
        base={base}
        nextCursor={props.nextCursor}
        paged={props.paged}
        first="admin.feed.first"
        next="admin.feed.next"
      />
    </Layout>
  );
}
