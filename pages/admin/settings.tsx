// The admin's Payments settings: the Self-service switch, the default credit limit, the credit
// ladder (R12) and the invitation mode, each saying when it takes effect.
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
  const amount = (minor: number) => {
    const decimal = decimalOfMinor(minor, marketplace.currency);
    return page.locale === 'fr' ? decimal.replace('.', ',') : decimal;
  };
  const limit = amount(Number(marketplace.defaultCreditLimitMinor));
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
          value={limit}
          aria-describedby="limit-when"
        />
        <p id="limit-when" class="hint">
          {t('settings.limitWhen')}
        </p>
        <fieldset>
          <legend>{t('settings.ladder')}</legend>
          <label class="choice">
            <input
              type="checkbox"
              name="creditLadderEnabled"
              value="on"
              checked={marketplace.creditLadderEnabled}
              aria-describedby="ladder-when"
            />{' '}
            {t('settings.ladderOn')}
          </label>
          <label for="ladder-steps">
            {t('settings.ladderSteps', { currency: marketplace.currency })}
          </label>
          <textarea
            id="ladder-steps"
            name="creditLadderSteps"
            rows={4}
            inputMode="decimal"
            aria-describedby="ladder-steps-hint"
            value={marketplace.creditLadderStepsMinor.map(amount).join('\n')}
          />
          <p id="ladder-steps-hint" class="hint">
            {t('settings.ladderStepsHint')}
          </p>
          <label for="ladder-charges">{t('settings.ladderCharges')}</label>
          <input
            id="ladder-charges"
            name="creditLadderChargesPerStep"
            type="number"
            min={1}
            max={24}
            required
            value={String(marketplace.creditLadderChargesPerStep)}
          />
          <p id="ladder-when" class="hint">
            {t('settings.ladderWhen')}
          </p>
        </fieldset>
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
