// Add a card. Simulated gateway: a form that takes Stripe's test card numbers, labelled as
// simulated. Stripe: the Payment Element from Stripe.js on the marketplace's connected account,
// confirming the SetupIntent in the browser; only its id comes back here, never a card number.
import { CsrfField } from '../components/csrf-field';
import { Layout } from '../components/layout';
import { sellerSections } from '../components/sections';
import type { PageContext } from '../context';
import type { Notice } from '../notice';

export type CardEntry =
  | { mode: 'simulated' }
  | {
      mode: 'stripe';
      publishableKey: string;
      connectedAccountId: string;
      clientSecret: string;
      setupIntentId: string;
    }
  | { mode: 'unavailable' };

export const STRIPE_JS = 'https://js.stripe.com/v3/';

export function AddCardPage(props: {
  page: PageContext;
  sellerId: string;
  entry: CardEntry;
  notice: Notice | null;
}) {
  const { page, sellerId, entry } = props;
  const { t } = page;
  const action = `/portal/sellers/${sellerId}/cards`;
  return (
    <Layout
      page={page}
      title={t('addCard.title')}
      nav={sellerSections(page, sellerId, 'cards')}
      notice={props.notice}
      head={
        entry.mode === 'stripe' && (
          <>
            <script src={STRIPE_JS}></script>
            <script src="/portal/assets/stripe-card.js" defer></script>
          </>
        )
      }
    >
      {entry.mode === 'simulated' && (
        <form method="post" action={action} class="card">
          <p class="simulated">{t('addCard.simulated')}</p>
          <CsrfField page={page} />
          <label for="card">{t('addCard.number')}</label>
          <input
            id="card"
            name="card"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            required
            maxLength={64}
            aria-describedby="card-hint"
          />
          <p id="card-hint" class="hint">
            {t('addCard.numberHint')}
          </p>
          <button type="submit">{t('addCard.save')}</button>
        </form>
      )}
      {entry.mode === 'stripe' && (
        <form
          method="post"
          action={action}
          id="stripe-card-form"
          class="card"
          data-publishable-key={entry.publishableKey}
          data-stripe-account={entry.connectedAccountId}
          data-client-secret={entry.clientSecret}
        >
          <p>{t('addCard.stripeIntro')}</p>
          <CsrfField page={page} />
          <input type="hidden" name="setupIntentId" value={entry.setupIntentId} />
          <div id="payment-element"></div>
          <p id="stripe-card-error" class="notice error" role="alert" hidden></p>
          <button type="submit">{t('addCard.save')}</button>
        </form>
      )}
      {entry.mode === 'unavailable' && <p>{t('addCard.stripeUnavailable')}</p>}
    </Layout>
  );
}
