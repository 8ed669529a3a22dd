// A saved card as a person names it: brand, last four digits and expiry.
import type { PaymentMethod } from '../../generated/prisma';
import type { PageContext } from '../context';

export function CardName({ page, card }: { page: PageContext; card: PaymentMethod }) {
  return (
    <>
      <span class="brand">{page.t('cards.card', { brand: card.brand, last4: card.last4 })}</span>{' '}
      <span class="hint">
        {page.t('cards.expires', {
          month: String(card.expMonth).padStart(2, '0'),
          year: card.expYear,
        })}
      </span>
    </>
  );
}
