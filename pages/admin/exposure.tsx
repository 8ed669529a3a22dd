// The admin's exposure page (R15): what self-service sellers have spent and not been charged yet,
// in total and by billing status, the largest exposures, and the hourly trend of this cycle.
import type { Marketplace } from '../../generated/prisma';
import type { MarketplaceExposure } from '../../sellers/exposure';
import type { ExposureSnapshotView } from '../../sellers/exposure-snapshots';
import { Layout } from '../components/layout';
import { adminSections } from '../components/sections';
import type { PageContext } from '../context';
import { formatDateTime, formatMicros, formatMoney } from '../format';

const STATUSES = ['active', 'past_due', 'delinquent'] as const;

export function ExposurePage(props: {
  page: PageContext;
  marketplace: Marketplace;
  exposure: MarketplaceExposure;
  trend: ExposureSnapshotView[];
}) {
  const { page, marketplace, exposure, trend } = props;
  const { t, intl } = page;
  const micros = (amount: number | string) => formatMicros(amount, marketplace.currency, intl);
  const base = `/portal/marketplaces/${marketplace.id}`;
  return (
    <Layout
      page={page}
      title={t('admin.exposure.title')}
      nav={adminSections(page, marketplace.id, 'exposure')}
    >
      <p>{t('admin.exposure.intro')}</p>
      <dl>
        <dt>{t('admin.exposure.total')}</dt>
        <dd>{micros(exposure.totalMicros)}</dd>
        <dt>{t('admin.exposure.undelivered')}</dt>
        <dd>{micros(exposure.undeliveredMicros)}</dd>
      </dl>
      <table aria-labelledby="by-status">
        <caption id="by-status">{t('admin.exposure.byStatus')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.exposure.col.status')}</th>
            <th scope="col">{t('admin.exposure.col.sellers')}</th>
            <th scope="col">{t('admin.exposure.col.unbilled')}</th>
          </tr>
        </thead>
        <tbody>
          {STATUSES.map((status) => (
            <tr key={status}>
              <th scope="row">{t(`status.${status}`)}</th>
              <td>{exposure.byStatus[status].sellers}</td>
              <td>{micros(exposure.byStatus[status].unbilledMicros)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="largest">{t('admin.exposure.largest')}</h2>
      {exposure.largest.length === 0 ? (
        <p>{t('admin.exposure.noneOwed')}</p>
      ) : (
        <table aria-labelledby="largest">
          <thead>
            <tr>
              <th scope="col">{t('admin.exposure.col.seller')}</th>
              <th scope="col">{t('admin.exposure.col.status')}</th>
              <th scope="col">{t('admin.exposure.col.unbilled')}</th>
              <th scope="col">{t('admin.exposure.col.limit')}</th>
            </tr>
          </thead>
          <tbody>
            {exposure.largest.map((seller) => (
              <tr key={seller.sellerId}>
                <th scope="row">
                  <a href={`${base}/sellers/${seller.sellerId}`}>{seller.name}</a>
                </th>
                <td>{t(`status.${seller.status}`)}</td>
                <td>{micros(seller.unbilledMicros)}</td>
                <td>{formatMoney(seller.creditLimitMinor, marketplace.currency, intl)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="trend">{t('admin.exposure.trend')}</h2>
      {trend.length === 0 ? (
        <p>{t('admin.exposure.noTrend')}</p>
      ) : (
        <table aria-labelledby="trend">
          <thead>
            <tr>
              <th scope="col">{t('admin.exposure.col.at')}</th>
              <th scope="col">{t('admin.exposure.col.unbilled')}</th>
              <th scope="col">{t('status.past_due')}</th>
              <th scope="col">{t('status.delinquent')}</th>
            </tr>
          </thead>
          <tbody>
            {trend.map((snapshot) => (
              <tr key={snapshot.takenAt}>
                <th scope="row">{formatDateTime(snapshot.takenAt, marketplace.timeZone, intl)}</th>
                <td>{micros(snapshot.unbilledMicros)}</td>
                <td>{micros(snapshot.pastDueMicros)}</td>
                <td>{micros(snapshot.delinquentMicros)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
