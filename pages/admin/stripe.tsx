// The admin's Stripe connection: whether the marketplace's account can take payments yet,
// "Connect now" (Stripe's onboarding) and a fresh read of the account's status.
import type { Marketplace, StripeConnection } from '../../generated/prisma';
import { CsrfField } from '../components/csrf-field';
import { Layout } from '../components/layout';
import { adminSections } from '../components/sections';
import type { PageContext } from '../context';
import type { Notice } from '../notice';

export function StripePage(props: {
  page: PageContext;
  marketplace: Marketplace & { stripeConnection: StripeConnection | null };
  notice: Notice | null;
}) {
  const { page, marketplace } = props;
  const { t } = page;
  const connection = marketplace.stripeConnection;
  const base = `/portal/marketplaces/${marketplace.id}/stripe`;
  const status = !connection
    ? 'none'
    : connection.chargesEnabled
      ? 'ready'
      : connection.detailsSubmitted
        ? 'review'
        : 'unfinished';
  return (
    <Layout
      page={page}
      title={t('admin.stripe.title')}
      nav={adminSections(page, marketplace.id, 'stripe')}
      notice={props.notice}
    >
      <dl class="facts">
        <dt>{t('admin.stripe.status')}</dt>
        <dd id="stripe-status">{t(`admin.stripe.status.${status}`)}</dd>
        {connection && (
          <>
            <dt>{t('admin.stripe.account')}</dt>
            <dd>{connection.accountId}</dd>
          </>
        )}
      </dl>
      {!marketplace.paymentsEnabled && <p class="hint">{t('admin.stripe.paymentsOff')}</p>}
      {status !== 'ready' && (
        <form method="post" action={`${base}/connect`} class="inline">
          <CsrfField page={page} />
          <button type="submit">{t('admin.stripe.connect')}</button>
          <p class="hint">{t('admin.stripe.connectHint')}</p>
        </form>
      )}
      {connection && (
        <form method="post" action={`${base}/refresh`} class="inline">
          <CsrfField page={page} />
          <button type="submit" class="secondary">
            {t('admin.stripe.check')}
          </button>
        </form>
      )}
    </Layout>
  );
}
