// An accepted invitation's billing-mode reason (R3) in the page's language, from the code and
// facts stored with the decision (the stored English sentence is the API's).
import type { Invitation } from '../../generated/prisma';
import { formatMoney } from '../format';
import type { Translate } from '../i18n';

export function decisionReasonText(
  invitation: Pick<
    Invitation,
    'decisionReasonCode' | 'decisionActiveCampaigns' | 'decisionBalanceMinor'
  >,
  currency: string,
  page: { t: Translate; intl: string },
): string | null {
  const { t } = page;
  const campaigns = invitation.decisionActiveCampaigns ?? 0;
  const balance = invitation.decisionBalanceMinor ?? 0n;
  switch (invitation.decisionReasonCode) {
    case 'already_self_service':
      return t('admin.invitations.reason.alreadySelfService');
    case 'new_seller':
      return t('admin.invitations.reason.newSeller');
    case 'existing_seller': {
      const parts = [
        campaigns > 0 && t('admin.invitations.reason.campaigns', { count: campaigns }),
        balance !== 0n &&
          t('admin.invitations.reason.balance', {
            amount: formatMoney(Number(balance), currency, page.intl),
          }),
      ].filter((part): part is string => typeof part === 'string');
      return parts.length > 0 ? parts.join(' ') : t('admin.invitations.reason.other');
    }
    default:
      return null;
  }
}
