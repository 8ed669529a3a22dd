// One seller as its admin sees it: its billing mode, status, limit in force and pending, unbilled
// spend, and the per-seller limit override, which applies from the seller's next cycle.
import type { Marketplace, Seller } from '../../generated/prisma';
import type { BillingStateView } from '../../workflows/messages';
import { CsrfField } from '../components/csrf-field';
import { Layout } from '../components/layout';
import { adminSections } from '../components/sections';
import type { PageContext } from '../context';
import { decimalOfMinor } from '../../rules';
import { formatMicros, formatMoney } from '../format';
import type { Notice } from '../notice';

export function AdminSellerPage(props: {
  page: PageContext;
  marketplace: Marketplace;
  seller: Seller;
  billing: BillingStateView | null;
  notice: Notice | null;
}) {
  const { page, marketplace, seller, billing } = props;
  const { t, intl } = page;
  const money = (minor: number) => formatMoney(minor, marketplace.currency, intl);
  const override = seller.creditLimitOverrideMinor;
  const typed = override === null ? '' : decimalOfMinor(Number(override), marketplace.currency);
  return (
    <Layout
      page={page}
      title={seller.name}
      nav={adminSections(page, marketplace.id, 'sellers')}
      notice={props.notice}
    >
      <dl class="facts">
        <dt>{t('admin.col.mode')}</dt>
        <dd>{t(`admin.mode.${seller.billingMode as 'self_service' | 'managed'}`)}</dd>
        <dt>{t('admin.col.status')}</dt>
        <dd>{billing ? t(`status.${billing.status}`) : t('admin.none')}</dd>
        <dt>{t('admin.seller.limitInForce')}</dt>
        <dd id="limit-in-force">{billing ? money(billing.creditLimitMinor) : t('admin.none')}</dd>
        <dt>{t('admin.seller.limitPending')}</dt>
        <dd id="limit-pending">
          {billing?.pendingCreditLimitMinor != null
            ? money(billing.pendingCreditLimitMinor)
            : t('admin.none')}
        </dd>
        <dt>{t('admin.col.unbilled')}</dt>
        <dd>
          {billing
            ? formatMicros(billing.unbilledMicros, marketplace.currency, intl)
            : t('admin.none')}
        </dd>
      </dl>
      <form
        method="post"
        action={`/portal/marketplaces/${marketplace.id}/sellers/${seller.id}/credit-limit`}
        class="card"
      >
        <CsrfField page={page} />
        <label for="override">
          {t('admin.seller.override', { currency: marketplace.currency })}
        </label>
        <input
          id="override"
          name="creditLimit"
          type="text"
          inputMode="decimal"
          value={page.locale === 'fr' ? typed.replace('.', ',') : typed}
          aria-describedby="override-when"
        />
        <p id="override-when" class="hint">
          {t('admin.seller.overrideWhen', {
            default: money(Number(marketplace.defaultCreditLimitMinor)),
          })}
        </p>
        <button type="submit">{t('admin.seller.saveOverride')}</button>
      </form>
    </Layout>
  );
}
