// The admin's webhook endpoints: the list with each one's state, adding one (a public https
// address, its signing secret shown once) and disabling one; and one endpoint's page with the
// secret masked and its deliveries.
import type {
  Marketplace,
  MarketplaceWebhookDelivery,
  MarketplaceWebhookEndpoint,
} from '../../generated/prisma';
import { CsrfField } from '../components/csrf-field';
import { Layout } from '../components/layout';
import { adminSections } from '../components/sections';
import type { PageContext } from '../context';
import { formatDateTime } from '../format';
import type { MessageKey } from '../i18n/en';
import type { Notice } from '../notice';

const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'];

export function WebhooksPage(props: {
  page: PageContext;
  marketplace: Marketplace;
  endpoints: MarketplaceWebhookEndpoint[];
  notice: Notice | null;
}) {
  const { page, marketplace, endpoints } = props;
  const { t } = page;
  const base = `/portal/marketplaces/${marketplace.id}/webhooks`;
  const when = (instant: Date) => formatDateTime(instant, marketplace.timeZone, page.intl);
  return (
    <Layout
      page={page}
      title={t('admin.webhooks.title')}
      nav={adminSections(page, marketplace.id, 'webhooks')}
      notice={props.notice}
    >
      <form method="post" action={base} class="inline">
        <CsrfField page={page} />
        <label for="webhook-url">{t('admin.webhooks.url')}</label>
        <input
          id="webhook-url"
          name="url"
          type="url"
          required
          aria-describedby="webhook-url-hint"
        />
        <p id="webhook-url-hint" class="hint">
          {t('admin.webhooks.urlHint')}
        </p>
        <button type="submit">{t('admin.webhooks.add')}</button>
      </form>
      <h2 id="endpoints">{t('admin.webhooks.list')}</h2>
      {endpoints.length === 0 ? (
        <p>{t('admin.webhooks.empty')}</p>
      ) : (
        <ul class="rows" aria-labelledby="endpoints">
          {endpoints.map((endpoint) => (
            <li key={endpoint.id}>
              <a href={`${base}/${endpoint.id}`}>{endpoint.url}</a>
              {endpoint.disabledAt ? (
                <span class="badge ended">
                  {t('admin.webhooks.disabledAt', { date: when(endpoint.disabledAt) })}
                </span>
              ) : (
                <span class="badge active">{t('admin.webhooks.enabled')}</span>
              )}
              {!endpoint.disabledAt && (
                <span class="actions">
                  <form method="post" action={`${base}/${endpoint.id}/disable`}>
                    <CsrfField page={page} />
                    <button
                      type="submit"
                      class="secondary"
                      aria-label={t('admin.webhooks.disableOf', { url: endpoint.url })}
                    >
                      {t('admin.webhooks.disable')}
                    </button>
                  </form>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function WebhookEndpointPage(props: {
  page: PageContext;
  marketplace: Marketplace;
  endpoint: MarketplaceWebhookEndpoint;
  deliveries: MarketplaceWebhookDelivery[];
}) {
  const { page, marketplace, endpoint, deliveries } = props;
  const { t } = page;
  const when = (instant: Date) => formatDateTime(instant, marketplace.timeZone, page.intl);
  return (
    <Layout
      page={page}
      title={t('admin.webhooks.endpoint')}
      nav={adminSections(page, marketplace.id, 'webhooks')}
    >
      <dl class="facts">
        <dt>{t('admin.webhooks.url')}</dt>
        <dd>{endpoint.url}</dd>
        <dt>{t('admin.webhooks.state')}</dt>
        <dd>
          {endpoint.disabledAt
            ? t('admin.webhooks.disabledAt', { date: when(endpoint.disabledAt) })
            : t('admin.webhooks.enabled')}
        </dd>
        <dt>{t('admin.webhooks.secret')}</dt>
        <dd>
          <code id="webhook-secret">{maskedSecret(endpoint.secret)}</code>
          <div class="hint">{t('admin.webhooks.secretMasked')}</div>
        </dd>
      </dl>
      <h2 id="deliveries">{t('admin.webhooks.deliveries')}</h2>
      {deliveries.length === 0 ? (
        <p>{t('admin.webhooks.noDeliveries')}</p>
      ) : (
        <table aria-labelledby="deliveries">
          <thead>
            <tr>
              <th scope="col">{t('admin.webhooks.col.event')}</th>
              <th scope="col">{t('admin.webhooks.col.status')}</th>
              <th scope="col">{t('admin.webhooks.col.attempts')}</th>
              <th scope="col">{t('admin.webhooks.col.at')}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <th scope="row">
                  <code>{delivery.eventType}</code>
                  <div class="hint">{delivery.eventId}</div>
                </th>
                <td>
                  {DELIVERY_STATUSES.includes(delivery.status)
                    ? t(`admin.webhooks.delivery.${delivery.status}` as MessageKey)
                    : delivery.status}
                  {delivery.lastStatusCode !== null && (
                    <div class="hint">HTTP {delivery.lastStatusCode}</div>
                  )}
                </td>
                <td>{delivery.attempts}</td>
                <td>{when(delivery.deliveredAt ?? delivery.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="hint">{t('admin.webhooks.deliveriesShown')}</p>
    </Layout>
  );
}

/** The answer to adding an endpoint: the one time its whole signing secret is shown. */
export function WebhookAddedPage(props: {
  page: PageContext;
  marketplace: Marketplace;
  endpoint: MarketplaceWebhookEndpoint;
}) {
  const { page, marketplace, endpoint } = props;
  const { t } = page;
  return (
    <Layout
      page={page}
      title={t('admin.webhooks.added')}
      nav={adminSections(page, marketplace.id, 'webhooks')}
    >
      <dl class="facts">
        <dt>{t('admin.webhooks.url')}</dt>
        <dd>{endpoint.url}</dd>
        <dt>{t('admin.webhooks.secret')}</dt>
        <dd>
          <code id="webhook-secret">{endpoint.secret}</code>
          <div class="hint">{t('admin.webhooks.secretHint')}</div>
        </dd>
      </dl>
      <p class="notice">{t('admin.webhooks.secretOnce')}</p>
      <p>
        <a href={`/portal/marketplaces/${marketplace.id}/webhooks`}>{t('admin.webhooks.back')}</a>
      </p>
    </Layout>
  );
}

/** Enough of a secret to tell two apart, never enough to sign with. */
function maskedSecret(secret: string): string {
  return `whsec_…${secret.slice(-4)}`;
}
