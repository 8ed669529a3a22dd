// The authentication page of a charge waiting for 3-D Secure. Stripe: Stripe.js runs the bank's
// check (the PaymentIntent's next action) on the marketplace's connected account, then the form
// posts. Simulated gateway: a confirm step, clearly labelled, stands in for the bank.
import type { Marketplace, Payment } from '../../generated/prisma';
import { CsrfField } from '../components/csrf-field';
import { Layout } from '../components/layout';
import type { Sections } from '../components/sections';
import type { PageContext } from '../context';
import { formatDateTime, formatMoney } from '../format';
import type { Notice } from '../notice';
import { STRIPE_JS } from '../seller/add-card';

export type AuthenticationEntry =
  | { mode: 'simulated' }
  | {
      mode: 'stripe';
      publishableKey: string;
      connectedAccountId: string | null;
      clientSecret: string;
    }
  | { mode: 'unavailable' }
  | { mode: 'none' };

export function AuthenticatePage(props: {
  page: PageContext;
  nav: Sections;
  marketplace: Marketplace;
  payment: Payment;
  action: string;
  entry: AuthenticationEntry;
  notice: Notice | null;
}) {
  const { page, payment, entry, action } = props;
  const { t, intl } = page;
  return (
    <Layout
      page={page}
      title={t('auth.title')}
      nav={props.nav}
      notice={props.notice}
      head={
        entry.mode === 'stripe' && (
          <>
            <script src={STRIPE_JS}></script>
            <script src="/portal/assets/stripe-authenticate.js" defer></script>
          </>
        )
      }
    >
      {entry.mode === 'none' ? (
        <p>{t('auth.none')}</p>
      ) : (
        <p>
          {t('auth.body', {
            amount: formatMoney(Number(payment.amountMinor), payment.currency, intl),
            date: formatDateTime(payment.createdAt, props.marketplace.timeZone, intl),
          })}
        </p>
      )}
      {entry.mode === 'simulated' && (
        <form method="post" action={action} class="card">
          <p class="simulated">{t('auth.simulated')}</p>
          <CsrfField page={page} />
          <button type="submit">{t('auth.confirm')}</button>
        </form>
      )}
      {entry.mode === 'stripe' && (
        <form
          method="post"
          action={action}
          id="stripe-authenticate-form"
          class="card"
          data-publishable-key={entry.publishableKey}
          data-stripe-account={entry.connectedAccountId ?? undefined}
          data-client-secret={entry.clientSecret}
        >
          <p>{t('auth.stripeIntro')}</p>
          <CsrfField page={page} />
          <p id="stripe-authenticate-error" class="notice error" role="alert" hidden></p>
          <button type="submit">{t('auth.stripeStart')}</button>
        </form>
      )}
      {entry.mode === 'unavailable' && <p>{t('auth.unavailable')}</p>}
    </Layout>
  );
}
