// The seller's Manage payments overview: status, the limit in force and pending, unbilled spend
// against the limit with the alert threshold, the cycle's end in the marketplace's time zone,
// and when a payment is failing, why and when billing tries again.
import type { Marketplace, Payment, PaymentMethod, Seller } from '../../generated/prisma';
import type { BillingStateView, DunningState } from '../../workflows/messages';
import { Layout } from '../components/layout';
import { sellerSections } from '../components/sections';
import type { PageContext } from '../context';
import { formatDateTime, formatMicros, formatMoney } from '../format';
import type { Notice } from '../notice';
import { declineReason } from '../decline-reason';
import { CardName } from './card-name';

interface OverviewProps {
  page: PageContext;
  seller: Seller & { marketplace: Marketplace };
  billing: BillingStateView | null;
  /** A charge waiting for 3-D Secure, linked to its authentication page. */
  awaitingAuthentication: Payment | null;
  defaultCard: PaymentMethod | undefined;
  notice: Notice | null;
}

export function OverviewPage(props: OverviewProps) {
  const { page, seller, billing, defaultCard, notice, awaitingAuthentication } = props;
  const { t } = page;
  const base = `/portal/sellers/${seller.id}`;
  return (
    <Layout
      page={page}
      title={t('overview.title')}
      nav={sellerSections(page, seller.id, 'overview')}
      notice={notice}
    >
      {awaitingAuthentication && (
        <p class="notice error">
          <a href={`${base}/payments/${awaitingAuthentication.id}/authenticate`}>
            {t('auth.overviewLink', {
              amount: formatMoney(
                Number(awaitingAuthentication.amountMinor),
                awaitingAuthentication.currency,
                page.intl,
              ),
            })}
          </a>
        </p>
      )}
      {billing ? (
        <Billing page={page} marketplace={seller.marketplace} billing={billing} base={base} />
      ) : (
        <p>{t('overview.managed')}</p>
      )}
      <section aria-labelledby="default-card">
        <h2 id="default-card">{t('overview.cards')}</h2>
        {defaultCard ? (
          <p>
            <CardName page={page} card={defaultCard} />
          </p>
        ) : (
          <p>{t('overview.noCard')}</p>
        )}
        <p>
          <a href={`${base}/cards/new`}>{t('overview.addCard')}</a>
        </p>
      </section>
    </Layout>
  );
}

function Billing(props: {
  page: PageContext;
  marketplace: Marketplace;
  billing: BillingStateView;
  base: string;
}) {
  const { page, marketplace, billing } = props;
  const { t, intl } = page;
  const { currency, timeZone } = marketplace;
  const money = (minor: number) => formatMoney(minor, currency, intl);
  const limit = billing.creditLimitMinor;
  const alertMinor = Math.floor((limit * marketplace.spendAlertPercent) / 100);
  return (
    <>
      {/* The workflow moves the status once it has paused the campaigns: until then it is
          still recording the failure, and the page shows the state before it. */}
      {billing.dunning && billing.status !== 'active' && (
        <Failing page={page} dunning={billing.dunning} timeZone={timeZone} base={props.base} />
      )}
      <dl class="facts">
        <dt>{t('overview.status')}</dt>
        <dd>
          <span class={`badge ${billing.status}`}>{t(`status.${billing.status}`)}</span>
        </dd>
        <dt>{t('overview.limit')}</dt>
        <dd>
          {money(limit)}
          {billing.pendingCreditLimitMinor !== null && (
            <div class="pending">
              {t('overview.pendingLimit', { amount: money(billing.pendingCreditLimitMinor) })}
            </div>
          )}
        </dd>
        <dt>{t('overview.unbilled')}</dt>
        <dd>
          {t('overview.unbilledOfLimit', {
            unbilled: formatMicros(billing.unbilledMicros, currency, intl),
            limit: money(limit),
          })}
          <div class="hint">
            {t('overview.alert', {
              percent: marketplace.spendAlertPercent,
              amount: money(alertMinor),
            })}
          </div>
        </dd>
        <dt>{t('overview.cycleEnds')}</dt>
        <dd>
          {t('overview.cycleEndsAt', {
            date: formatDateTime(billing.cycle.endsAt, timeZone, intl),
            timeZone,
          })}
        </dd>
      </dl>
      <p class="hint">{t('overview.chargedAt')}</p>
    </>
  );
}

function Failing(props: {
  page: PageContext;
  dunning: DunningState;
  timeZone: string;
  base: string;
}) {
  const { t, intl } = props.page;
  const { dunning } = props;
  return (
    <section class="failing" aria-labelledby="failing">
      <h2 id="failing">{t('overview.failing')}</h2>
      <p>
        {t('overview.failingReason', {
          reason: declineReason(props.page.t, dunning.lastFailureCode),
        })}
      </p>
      <p>
        {dunning.nextRetryAt
          ? t('overview.nextRetry', {
              date: formatDateTime(dunning.nextRetryAt, props.timeZone, intl),
            })
          : t('overview.noRetry')}
      </p>
      <p>
        <a href={`${props.base}/cards/new`}>{t('overview.updateCard')}</a>
      </p>
    </section>
  );
}
