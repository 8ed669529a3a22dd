// The invitation's acceptance page: who invites and until when, the shop's name, and the accept
// button; then what was decided, or why the invitation cannot be accepted.
import type { Marketplace } from '../../generated/prisma';
import { Layout } from '../components/layout';
import type { PageContext } from '../context';
import { formatDateTime } from '../format';
import type { MessageKey } from '../i18n/en';

export function InvitationPage(props: {
  page: PageContext;
  marketplace: Marketplace;
  expiresAt: Date;
  action: string;
}) {
  const { page, marketplace } = props;
  const { t, intl } = page;
  return (
    <Layout page={page} title={t('invite.title')}>
      <p>{t('invite.body', { marketplace: marketplace.name })}</p>
      <p>
        {t('invite.expires', {
          date: formatDateTime(props.expiresAt, marketplace.timeZone, intl),
        })}
      </p>
      {/* The token in the address is the credential: this form needs no session. */}
      <form method="post" action={props.action} class="card">
        <label for="seller-name">{t('invite.name')}</label>
        <input
          id="seller-name"
          name="sellerName"
          type="text"
          maxLength={200}
          autoComplete="organization"
          aria-describedby="seller-name-hint"
        />
        <p id="seller-name-hint" class="hint">
          {t('invite.nameHint')}
        </p>
        <button type="submit">{t('invite.accept')}</button>
      </form>
    </Layout>
  );
}

export function InvitationOutcomePage(props: {
  page: PageContext;
  mode: 'self_service' | 'managed';
}) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t('invite.accepted.title')}>
      <p>{t(`invite.accepted.${props.mode}`)}</p>
      <p>{t('invite.accepted.existing')}</p>
    </Layout>
  );
}

export function InvitationRefusedPage(props: { page: PageContext; code: string }) {
  const { t } = props.page;
  const key = `invite.refused.${props.code}`;
  const known = (
    [
      'invite.refused.invitation_already_accepted',
      'invite.refused.invitation_not_pending',
      'invite.refused.invitation_revoked',
      'invite.refused.invitation_expired',
      'invite.refused.self_service_unavailable',
    ] as MessageKey[]
  ).find((candidate) => candidate === key);
  return (
    <Layout page={props.page} title={t('invite.refused.title')}>
      <p>{t(known ?? 'invite.refused.invitation_not_found')}</p>
    </Layout>
  );
}
