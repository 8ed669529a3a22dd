// The admin's invitations: invite a seller by e-mail, the invitations newest first with their
// status, revoke a pending one, and each accepted seller's outcome (self-service, or managed
// with the reason).
import type { Invitation, Marketplace } from '../../generated/prisma';
import { invitationStatus } from '../../invitations/status';
import { CsrfField } from '../components/csrf-field';
import { Layout } from '../components/layout';
import { Pager } from '../components/pager';
import { adminSections } from '../components/sections';
import type { PageContext } from '../context';
import { formatDateTime } from '../format';
import type { Notice } from '../notice';
import { decisionReasonText } from './decision-reason';

export function InvitationsPage(props: {
  page: PageContext;
  marketplace: Marketplace;
  canInvite: boolean;
  invitations: Invitation[];
  nextCursor: string | null;
  paged: boolean;
  now: Date;
  notice: Notice | null;
}) {
  const { page, marketplace, invitations } = props;
  const { t } = page;
  const base = `/portal/marketplaces/${marketplace.id}/invitations`;
  return (
    <Layout
      page={page}
      title={t('admin.invitations.title')}
      nav={adminSections(page, marketplace.id, 'invitations')}
      notice={props.notice}
    >
      <p id="invitation-mode">
        {t('admin.invitations.mode', {
          mode: t(`settings.mode.${marketplace.invitationMode as 'self_service' | 'managed'}`),
        })}{' '}
        {t('settings.invitationModeWhen')}
      </p>
      {!props.canInvite && <p class="hint">{t('admin.invitations.closed')}</p>}
      <form method="post" action={base} class="inline">
        <CsrfField page={page} />
        <label for="invite-email">{t('admin.invitations.email')}</label>
        <input id="invite-email" name="email" type="email" required autoComplete="off" />
        <button type="submit">{t('admin.invitations.send')}</button>
      </form>
      <h2 id="invitations">{t('admin.invitations.list')}</h2>
      {invitations.length === 0 ? (
        <p>{t('admin.invitations.empty')}</p>
      ) : (
        <table aria-labelledby="invitations">
          <thead>
            <tr>
              <th scope="col">{t('admin.invitations.col.email')}</th>
              <th scope="col">{t('admin.invitations.col.status')}</th>
              <th scope="col">{t('admin.invitations.col.outcome')}</th>
              <th scope="col">{t('admin.invitations.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((invitation) => (
              <InvitationLine
                key={invitation.id}
                page={page}
                marketplace={marketplace}
                invitation={invitation}
                now={props.now}
                base={base}
              />
            ))}
          </tbody>
        </table>
      )}
      <Pager
        page={page}
        list="invitations"
        base={base}
        nextCursor={props.nextCursor}
        paged={props.paged}
        first="admin.invitations.first"
        next="admin.invitations.next"
      />
    </Layout>
  );
}

function InvitationLine(props: {
  page: PageContext;
  marketplace: Marketplace;
  invitation: Invitation;
  now: Date;
  base: string;
}) {
  const { page, marketplace, invitation } = props;
  const { t, intl } = page;
  const status = invitationStatus(invitation, props.now);
  const when = (instant: Date) => formatDateTime(instant, marketplace.timeZone, intl);
  return (
    <tr>
      <th scope="row">{invitation.email}</th>
      <td>
        {t(`admin.invitations.status.${status}`)}
        <div class="hint">
          {status === 'accepted' && invitation.acceptedAt
            ? t('admin.invitations.acceptedAt', { date: when(invitation.acceptedAt) })
            : t('admin.invitations.expiresAt', { date: when(invitation.expiresAt) })}
        </div>
      </td>
      <td>
        {invitation.decision ? (
          <>
            {t(`admin.mode.${invitation.decision as 'self_service' | 'managed'}`)}
            {invitation.decisionReasonCode && (
              <div class="hint">{decisionReasonText(invitation, marketplace.currency, page)}</div>
            )}
          </>
        ) : (
          t('admin.none')
        )}
      </td>
      <td>
        {status === 'pending' && (
          <form method="post" action={`${props.base}/${invitation.id}/revoke`}>
            <CsrfField page={page} />
            <button
              type="submit"
              class="secondary"
              aria-label={t('admin.invitations.revokeOf', { email: invitation.email })}
            >
              {t('admin.invitations.revoke')}
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}
