// The seller's cards: which is the default, which expires before the cycle ends; make one the
// default or remove it; turn backup charging on or off (R13).
import type { PaymentMethod } from '../../generated/prisma';
import { CsrfField } from '../components/csrf-field';
import { Layout } from '../components/layout';
import { sellerSections } from '../components/sections';
import type { PageContext } from '../context';
import type { Notice } from '../notice';
import { CardName, cardLabel } from './card-name';

export interface CardRow {
  card: PaymentMethod;
  expiresBeforeCycleEnd: boolean;
}

export function CardsPage(props: {
  page: PageContext;
  sellerId: string;
  cards: CardRow[];
  backupCharging: boolean;
  notice: Notice | null;
}) {
  const { page, sellerId, cards } = props;
  const { t } = page;
  const base = `/portal/sellers/${sellerId}/cards`;
  return (
    <Layout
      page={page}
      title={t('cards.title')}
      nav={sellerSections(page, sellerId, 'cards')}
      notice={props.notice}
    >
      {cards.length === 0 ? (
        <p>{t('cards.empty')}</p>
      ) : (
        <ul class="rows">
          {cards.map(({ card, expiresBeforeCycleEnd }) => (
            <li key={card.id}>
              <CardName page={page} card={card} />
              {card.isDefault && <span class="badge active">{t('cards.default')}</span>}
              {expiresBeforeCycleEnd && (
                <span class="badge past_due">{t('cards.expiresBeforeCycleEnd')}</span>
              )}
              <span class="actions">
                {!card.isDefault && (
                  <form method="post" action={`${base}/${card.id}/default`}>
                    <CsrfField page={page} />
                    <button
                      type="submit"
                      aria-label={t('cards.makeDefaultOf', { card: cardLabel(page, card) })}
                    >
                      {t('cards.makeDefault')}
                    </button>
                  </form>
                )}
                <form method="post" action={`${base}/${card.id}/remove`}>
                  <CsrfField page={page} />
                  <button
                    type="submit"
                    class="secondary"
                    aria-label={t('cards.removeOf', { card: cardLabel(page, card) })}
                  >
                    {t('cards.remove')}
                  </button>
                </form>
              </span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`${base}/new`}>{t('cards.add')}</a>
      </p>
      <h2>{t('cards.backup.title')}</h2>
      <p>{t(props.backupCharging ? 'cards.backup.on' : 'cards.backup.off')}</p>
      <form method="post" action={`${base}/backup-charging`}>
        <CsrfField page={page} />
        <input type="hidden" name="enabled" value={props.backupCharging ? 'off' : 'on'} />
        <button type="submit" class="secondary">
          {t(props.backupCharging ? 'cards.backup.turnOff' : 'cards.backup.turnOn')}
        </button>
      </form>
    </Layout>
  );
}
