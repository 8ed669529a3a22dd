// An accepted invitation's billing-mode reason (rules/eligibility.ts stores it in English) in the
// page's language: its known forms are recognised, with their counts and amounts put back in.
import { formatMoney } from '../format';
import type { Translate } from '../i18n';

export function decisionReasonText(
  reason: string,
  currency: string,
  page: { t: Translate; intl: string },
): string {
  const { t } = page;
  if (reason === 'already self-service') return t('admin.invitations.reason.alreadySelfService');
  if (reason.startsWith('new seller:')) return t('admin.invitations.reason.newSeller');
  const campaigns = /(\d+) active campaign/.exec(reason)?.[1];
  const balance = /a balance of (-?\d+) minor units/.exec(reason)?.[1];
  if (!campaigns && !balance) return t('admin.invitations.reason.other');
  return [
    campaigns && t('admin.invitations.reason.campaigns', { count: campaigns }),
    balance &&
      t('admin.invitations.reason.balance', {
        amount: formatMoney(Number(balance), currency, page.intl),
      }),
  ]
    .filter(Boolean)
    .join(' ');
}
