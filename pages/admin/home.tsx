// The admin's Payments tab: the marketplace's sellers, paged, each with its billing mode, status,
// limit in force and pending, and unbilled spend as its workflow last reported them.
import type { Marketplace } from '../../generated/prisma';
import type { SellerListItem } from '../../sellers/queries';
import { Layout } from '../components/layout';
import { Pager } from '../components/pager';
import { adminSections } from '../components/sections';
import type { PageContext } from '../context';
import { formatMicros, formatMoney } from '../format';

export type SellerRow = Pick<SellerListItem, 'seller' | 'billing'>;

export function AdminHomePage(props: {
  page: PageContext;
  marketplace: Marketplace;
  sellers: SellerRow[];
  nextCursor: string | null;
  paged: boolean;
}) {
  const { page, marketplace, sellers } = props;
  const { t } = page;
  const base = `/portal/marketplaces/${marketplace.id}`;
  return (
    <Layout
      page={page}
      title={t('admin.title')}
      nav={adminSections(page, marketplace.id, 'sellers')}
    >
      <h2 id="sellers">{t('admin.sellers')}</h2>
      {sellers.length === 0 ? (
        <p>{t('admin.noSellers')}</p>
      ) : (
        <table aria-labelledby="sellers">
          <thead>
            <tr>
              <th scope="col">{t('admin.col.seller')}</th>
              <th scope="col">{t('admin.col.mode')}</th>
              <th scope="col">{t('admin.col.status')}</th>
              <th scope="col">{t('admin.col.limit')}</th>
              <th scope="col">{t('admin.col.unbilled')}</th>
            </tr>
          </thead>
          <tbody>
            {sellers.map((row) => (
              <SellerLine key={row.seller.id} page={page} marketplace={marketplace} row={row} />
            ))}
          </tbody>
        </table>
      )}
      <Pager
        page={page}
        list="sellers"
        base={base}
        nextCursor={props.nextCursor}
        paged={props.paged}
        first="admin.first"
        next="admin.next"
      />
    </Layout>
  );
}

function SellerLine(props: { page: PageContext; marketplace: Marketplace; row: SellerRow }) {
  const { page, marketplace } = props;
  const { seller, billing: state } = props.row;
  const { t, intl } = page;
  const money = (minor: number) => formatMoney(minor, marketplace.currency, intl);
  const live = state && state !== 'unavailable' ? state : null;
  return (
    <tr>
      <th scope="row">
        <a href={`/portal/marketplaces/${marketplace.id}/sellers/${seller.id}`}>{seller.name}</a>
        <div class="hint">{seller.email}</div>
      </th>
      <td>{t(`admin.mode.${seller.billingMode as 'self_service' | 'managed'}`)}</td>
      <td>
        {state === 'unavailable'
          ? t('admin.statusUnavailable')
          : live
            ? t(`status.${live.status}`)
            : t('admin.none')}
      </td>
      <td>
        {live ? money(live.creditLimitMinor) : t('admin.none')}
        {live?.pendingCreditLimitMinor != null && (
          <div class="pending">
            {t('admin.pendingLimit', { amount: money(live.pendingCreditLimitMinor) })}
          </div>
        )}
      </td>
      <td>
        {live ? formatMicros(live.unbilledMicros, marketplace.currency, intl) : t('admin.none')}
      </td>
    </tr>
  );
}
