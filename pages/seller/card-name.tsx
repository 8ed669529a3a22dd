// A saved card as a person names it: brand, last four digits and expiry.
import type { PaymentMethod } from '../../generated/prisma';
import type { PageContext } from '../context';

export function CardName({ page, card }: { page: PageContext; card: PaymentMethod }) {
  return (
    <>
      <span>{page.t('cards.card', { brand: brandName(card.brand), last4: card.last4 })}</span>{' '}
      <span class="hint">
        {page.t('cards.expires', {
          month: String(card.expMonth).padStart(2, '0'),
          year: card.expYear,
        })}
      </span>
    </>
  );
}

/** Stripe names brands in lower case (visa, mastercard, amex): people write them capitalised. */
export function brandName(brand: string): string {
  return `${brand.charAt(0).toUpperCase()}${brand.slice(1)}`;
}
