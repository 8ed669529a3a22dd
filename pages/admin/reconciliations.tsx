// The admin's daily reconciliations with the payment gateway (R16): the runs, newest first, with
// a form to reconcile a past day now; and one run's differences, each on one line. Nothing on
// these pages corrects a difference.
import type {
  Marketplace,
  ReconciliationDifference,
  ReconciliationRun,
} from '../../generated/prisma';
import { CsrfField } from '../components/csrf-field';
import { Layout } from '../components/layout';
import { Pager } from '../components/pager';
import { adminSections } from '../components/sections';
import type { PageContext } from '../context';
import { formatDateTime, formatMoney } from '../format';
import type { MessageKey } from '../i18n/en';
import type { Notice } from '../notice';

export function ReconciliationsPage(props: {
  page: PageContext;
  marketplace: Marketplace;
  runs: ReconciliationRun[];
  nextCursor: string | null;
  paged: boolean;
  notice: Notice | null;
}) {
  const { page, marketplace, runs } = props;
  const { t } = page;
  const base = `/portal/marketplaces/${marketplace.id}/reconciliations`;
  return (
    <Layout
      page={page}
      title={t('admin.reconciliations.title')}
      nav={adminSections(page, marketplace.id, 'reconciliations')}
      notice={props.notice}
    >
      <p>{t('admin.reconciliations.intro', { zone: marketplace.timeZone })}</p>
      <form method="post" action={base} class="inline">
        <CsrfField page={page} />
        <label for="reconcile-day">{t('admin.reconciliations.day')}</label>
        <input id="reconcile-day" name="day" type="date" aria-describedby="reconcile-day-hint" />
        <p id="reconcile-day-hint" class="hint">
          {t('admin.reconciliations.dayHint')}
        </p>
        <button type="submit">{t('admin.reconciliations.run')}</button>
      </form>
      <h2 id="reconciliations">{t('admin.reconciliations.list')}</h2>
      {runs.length === 0 ? (
        <p>{t('admin.reconciliations.empty')}</p>
      ) : (
        <table aria-labelledby="reconciliations">
          <thead>
            <tr>
              <th scope="col">{t('admin.reconciliations.col.day')}</th>
              <th scope="col">{t('admin.reconciliations.col.trigger')}</th>
              <th scope="col">{t('admin.reconciliations.col.records')}</th>
              <th scope="col">{t('admin.reconciliations.col.differences')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <th scope="row">
                  <a href={`${base}/${run.id}`}>{run.day}</a>
                </th>
                <td>{t(`admin.reconciliations.trigger.${run.trigger}` as MessageKey)}</td>
                <td>
                  {t('admin.reconciliations.records', {
                    ours: String(run.ourRecords),
                    theirs: String(run.gatewayRecords),
                  })}
                </td>
                <td>
                  {run.differenceCount === 0 ? (
                    <span class="badge">{t('admin.reconciliations.agreed')}</span>
                  ) : (
                    <span class="badge past_due">
                      {t('admin.reconciliations.differences', {
                        count: String(run.differenceCount),
                      })}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        page={page}
        list="reconciliations"
        base={base}
        nextCursor={props.nextCursor}
        paged={props.paged}
        first="admin.reconciliations.first"
        next="admin.reconciliations.next"
      />
    </Layout>
  );
}

export function ReconciliationPage(props: {
  page: PageContext;
  marketplace: Marketplace;
  run: ReconciliationRun & { differences: ReconciliationDifference[] };
}) {
  const { page, marketplace, run } = props;
  const { t, intl } = page;
  const base = `/portal/marketplaces/${marketplace.id}`;
  /** One side's amount and status, or a dash when the record is not on that side. */
  const side = (amountMinor: bigint | null, status: string | null, currency: string) =>
    amountMinor === null || status === null
      ? '—'
      : `${formatMoney(Number(amountMinor), currency, intl)} ${t(`admin.reconciliation.status.${status}` as MessageKey)}`;
  return (
    <Layout
      page={page}
      title={t('admin.reconciliation.title', { day: run.day })}
      nav={adminSections(page, marketplace.id, 'reconciliations')}
      notice={null}
    >
      <p>
        <a href={`${base}/reconciliations`}>{t('admin.reconciliation.back')}</a>
      </p>
      <p>
        {t('admin.reconciliation.summary', {
          ours: String(run.ourRecords),
          theirs: String(run.gatewayRecords),
          gateway: run.gateway,
          at: formatDateTime(run.createdAt, marketplace.timeZone, intl),
        })}
      </p>
      {run.differences.length === 0 ? (
        <p>{t('admin.reconciliation.none')}</p>
      ) : (
        <>
          <p>{t('admin.reconciliation.noCorrection')}</p>
          <table aria-labelledby="differences">
            <caption id="differences">{t('admin.reconciliation.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.reconciliation.col.kind')}</th>
                <th scope="col">{t('admin.reconciliation.col.record')}</th>
                <th scope="col">{t('admin.reconciliation.col.ours')}</th>
                <th scope="col">{t('admin.reconciliation.col.gateway')}</th>
                <th scope="col">{t('admin.reconciliation.col.when')}</th>
              </tr>
            </thead>
            <tbody>
              {run.differences.map((difference) => (
                <tr key={difference.id}>
                  <th scope="row">
                    {t(`admin.reconciliation.kind.${difference.kind}` as MessageKey)}
                  </th>
                  <td>
                    {t(`admin.reconciliation.record.${difference.recordKind}` as MessageKey)}{' '}
                    <code>{difference.gatewayId}</code>
                    {difference.sellerId && (
                      <>
                        {' '}
                        <a href={`${base}/sellers/${difference.sellerId}`}>
                          {t('admin.reconciliation.seller')}
                        </a>
                      </>
                    )}
                  </td>
                  <td>
                    {side(difference.ourAmountMinor, difference.ourStatus, difference.currency)}
                  </td>
                  <td>
                    {side(
                      difference.gatewayAmountMinor,
                      difference.gatewayStatus,
                      difference.currency,
                    )}
                  </td>
                  <td>{formatDateTime(difference.occurredAt, marketplace.timeZone, intl)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Layout>
  );
}
