// The admin's notification feed, newest first and paged: what happened (in the page's language),
// when, the message as it was e-mailed, and whether it has been read.
import type { Marketplace, Notification } from '../../generated/prisma';
import { CsrfField } from '../components/csrf-field';
import { Layout } from '../components/layout';
import { Pager } from '../components/pager';
import { adminSections } from '../components/sections';
import type { PageContext } from '../context';
import { formatDateTime } from '../format';
import type { MessageKey } from '../i18n/en';
import type { Notice } from '../notice';

const KINDS = [
  'payment_succeeded',
  'payment_failed',
  'seller_delinquent',
  'invitation',
  'reconciliation_differences',
];

export function FeedPage(props: {
  page: PageContext;
  marketplace: Marketplace;
  notifications: Notification[];
  nextCursor: string | null;
  paged: boolean;
  notice: Notice | null;
}) {
  const { page, marketplace, notifications } = props;
  const { t, intl } = page;
  const base = `/portal/marketplaces/${marketplace.id}/notifications`;
  return (
    <Layout
      page={page}
      title={t('admin.feed.title')}
      nav={adminSections(page, marketplace.id, 'notifications')}
      notice={props.notice}
    >
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
                {formatDateTime(notification.createdAt, marketplace.timeZone, intl)}
              </span>
              {notification.readAt ? (
                <span class="badge">{t('admin.feed.read')}</span>
              ) : (
                <span class="badge past_due">{t('admin.feed.unread')}</span>
              )}
              <div class="message" lang="en">
                <div>{notification.subject}</div>
                <div class="hint">{notification.body}</div>
              </div>
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
