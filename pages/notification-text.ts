// A notification's subject and body in the page's language, from its kind, its recipient and the
// parameters stored with it: money and dates through Intl in the marketplace's currency and time
// zone, the decline reason from its code. Null when the notification has no parameters.
import { paramsOf } from '../notifications/params';
import type { PageContext } from './context';
import { declineReason } from './decline-reason';
import { formatDateTime, formatMicros, formatMoney } from './format';
import { brandName } from './seller/card-name';

export interface NotificationText {
  subject: string;
  body: string;
}

export function notificationText(
  notification: { kind: string; params: unknown; recipientRole: string },
  timeZone: string,
  page: Pick<PageContext, 't' | 'intl'>,
): NotificationText | null {
  const params = paramsOf(notification);
  if (!params) return null;
  const { t } = page;
  const admin = notification.recipientRole === 'admin';
  const when = (instant: string) => formatDateTime(instant, timeZone, page.intl);
  const card = (brand: string, last4: string) =>
    t('cards.card', { brand: brandName(brand), last4 });
  const sentences = (...parts: (string | false)[]) => parts.filter(Boolean).join(' ');
  switch (params.kind) {
    case 'payment_succeeded': {
      const values = {
        amount: formatMoney(params.amountMinor, params.currency, page.intl),
        card: card(params.cardBrand, params.cardLast4),
        seller: params.sellerName,
      };
      const resumed = params.resumedCampaignIds.length;
      return {
        subject: admin
          ? t('notification.payment_succeeded.admin.subject', values)
          : t('notification.payment_succeeded.seller.subject', values),
        body: sentences(
          admin
            ? t('notification.payment_succeeded.admin.body', values)
            : t('notification.payment_succeeded.seller.body', values),
          resumed > 0 && t('notification.resumed', { count: resumed }),
          t('notification.receipt', { number: params.receiptNumber }),
        ),
      };
    }
    case 'payment_failed': {
      const amount = formatMoney(params.amountMinor, params.currency, page.intl);
      const reason = declineReason(t, params.failureCode);
      const paused = params.pausedCampaignIds.length;
      return {
        subject: admin
          ? t('notification.payment_failed.admin.subject', { amount, seller: params.sellerName })
          : t('notification.payment_failed.seller.subject', { amount }),
        body: sentences(
          params.defaultCard
            ? t('notification.payment_failed.bodyCard', {
                amount,
                reason,
                card: card(params.defaultCard.brand, params.defaultCard.last4),
              })
            : t('notification.payment_failed.body', { amount, reason }),
          paused > 0 && t('notification.paused', { count: paused }),
          !admin &&
            (params.requiresAction
              ? t('notification.action.authenticate')
              : t('notification.action.updateCard')),
          params.nextRetryAt !== null &&
            t('notification.nextRetry', { date: when(params.nextRetryAt) }),
        ),
      };
    }
    case 'seller_delinquent': {
      const values = {
        amount: formatMoney(params.amountMinor, params.currency, page.intl),
        seller: params.sellerName,
      };
      return admin
        ? {
            subject: t('notification.seller_delinquent.admin.subject', values),
            body: t('notification.seller_delinquent.admin.body', values),
          }
        : {
            subject: t('notification.seller_delinquent.seller.subject', values),
            body: t('notification.seller_delinquent.seller.body', values),
          };
    }
    case 'spend_alert':
      return {
        subject: t('notification.spend_alert.subject', { percent: params.percent }),
        body: t('notification.spend_alert.body', {
          unbilled: formatMicros(params.unbilledMicros, params.currency, page.intl),
          limit: formatMoney(params.creditLimitMinor, params.currency, page.intl),
        }),
      };
    case 'credit_limit_step': {
      const values = {
        limit: formatMoney(params.creditLimitMinor, params.currency, page.intl),
        next: formatMoney(params.nextCreditLimitMinor, params.currency, page.intl),
        date: when(params.effectiveAt),
      };
      const up = params.direction === 'up';
      return {
        subject: up
          ? t('notification.credit_limit_step.up.subject', values)
          : t('notification.credit_limit_step.back.subject', values),
        body: sentences(
          up
            ? t('notification.credit_limit_step.up.body', values)
            : t('notification.credit_limit_step.back.body', values),
          params.nextCreditLimitMinor !== params.creditLimitMinor &&
            t('notification.credit_limit_step.until', values),
        ),
      };
    }
    case 'invitation':
      return {
        subject: t('notification.invitation.subject', { marketplace: params.marketplaceName }),
        body: t('notification.invitation.body', { date: when(params.expiresAt) }),
      };
  }
}
