// The seller's campaigns: create one (refused without a card, with the reason shown), pause and
// resume; a campaign billing paused says so.
import type { Campaign } from '../../generated/prisma';
import { CsrfField } from '../components/csrf-field';
import { Layout } from '../components/layout';
import { sellerSections } from '../components/sections';
import type { PageContext } from '../context';
import type { Notice } from '../notice';

export function CampaignsPage(props: {
  page: PageContext;
  sellerId: string;
  campaigns: Campaign[];
  notice: Notice | null;
}) {
  const { page, sellerId, campaigns } = props;
  const { t } = page;
  const base = `/portal/sellers/${sellerId}/campaigns`;
  return (
    <Layout
      page={page}
      title={t('campaigns.title')}
      nav={sellerSections(page, sellerId, 'campaigns')}
      notice={props.notice}
    >
      <form method="post" action={base} class="inline">
        <CsrfField page={page} />
        <label for="campaign-name">{t('campaigns.name')}</label>
        <input id="campaign-name" name="name" type="text" required maxLength={200} />
        <button type="submit">{t('campaigns.create')}</button>
      </form>
      {campaigns.length === 0 ? (
        <p>{t('campaigns.empty')}</p>
      ) : (
        <ul class="rows">
          {campaigns.map((campaign) => (
            <li key={campaign.id}>
              <span class="name">{campaign.name}</span>
              <span class={`badge ${campaign.status}`}>
                {t(`campaigns.state.${campaign.status as 'active' | 'paused' | 'ended'}`)}
              </span>
              {campaign.pausedByBilling && (
                <span class="hint">{t('campaigns.pausedByBilling')}</span>
              )}
              {campaign.status !== 'ended' && (
                <form
                  method="post"
                  action={`${base}/${campaign.id}/${campaign.status === 'paused' ? 'resume' : 'pause'}`}
                  class="actions"
                >
                  <CsrfField page={page} />
                  <button
                    type="submit"
                    aria-label={`${t(campaign.status === 'paused' ? 'campaigns.resume' : 'campaigns.pause')} ${campaign.name}`}
                  >
                    {t(campaign.status === 'paused' ? 'campaigns.resume' : 'campaigns.pause')}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
