// The admin's Payments settings: the Self-service switch, the default credit limit and the
// invitation mode, each saying when it takes effect.
import type { Marketplace } from '../../generated/prisma';
import { decimalOfMinor } from '../../rules';
import { CsrfField } from '../components/csrf-field';
import { Layout } from '../components/layout';
import { adminSections } from '../components/sections';
import type { PageContext } from '../context';
import type { Notice } from '../notice';

export function SettingsPage(props: {
  page: PageContext;
  marketplace: Marketplace;
  notice: Notice | null;
}) {
  const { page, marketplace } = props;
  const { t } = page;
  const limit = decimalOfMinor(Number(marketplace.defaultCreditLimitMinor), marketplace.currency);
  return (
    <Layout
      page={page}
      title={t('settings.title')}
      nav={adminSections(page, marketplace.id, 'settings')}
      notice={props.notice}
    >
      <form method="post" action={`/portal/marketplaces/${marketplace.id}/settings`} class="card">
        <CsrfField page={page} />
        <fieldset>
          <legend>{t('settings.selfService')}</legend>
          <label class="choice">
            <input
              type="checkbox"
              name="selfServiceEnabled"
              value="on"
              checked={marketplace.selfServiceEnabled}
              aria-describedby="self-service-when"
            />{' '}
            {t('settings.selfServiceOn')}
          </label>
          <p id="self-service-when" class="hint">
            {t('settings.selfServiceWhen')}
          </p>
        </fieldset>
        <label for="limit">{t('settings.limit', { currency: marketplace.currency })}</label>
        <input
          id="limit"
          name="defaultCreditLimit"
          type="text"
          inputMode="decimal"
          required
          value={page.locale === 'fr' ? limit.replace('.', ',') : limit}
          aria-describedby="limit-when"
        />
        <p id="limit-when" class="hint">
          {t('settings.limitWhen')}
        </p>
        <fieldset>
          <legend>{t('settings.invitationMode')}</legend>
          {(['self_service', 'managed'] as const).map((mode) => (
            <label class="choice" key={mode}>
              <input
                type="radio"
                name="invitationMode"
                value={mode}
                checked={marketplace.invitationMode === mode}
                aria-describedby="invitation-when"
              />{' '}
              {t(`settings.mode.${mode}`)}
            </label>
          ))}
          <p id="invitation-when" class="hint">
            {t('settings.invitationModeWhen')}
          </p>
        </fieldset>
        <button type="submit">{t('settings.save')}</button>
      </form>
    </Layout>
  );
}
