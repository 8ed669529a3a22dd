// A saved card as a person names it: brand, last four digits and expiry.
import type { PaymentMethod } from '../../generated/prisma';
import type { PageContext } from '../context';

export function CardName({ page, card }: { page: PageContext; card: PaymentMethod }) {
  return (
    <>
      <span>{cardLabel(page, card)}</span>{' '}
      <span class="hint">
        {page.t('cards.expires', {
          month: String(card.expMonth).padStart(2, '0'),
          year: card.expYear,
        })}
      </span>
    </>
  );
}

/** The card's brand and last four digits, as its buttons name it too. */
export function cardLabel(page: PageContext, card: PaymentMethod): string {
  return page.t('cards.card', { brand: brandName(card.brand), last4: card.last4 });
}

/** Stripe names brands in lower case (visa, mastercard, amex): people write them capitalised. */
export function brandName(brand: string): string {
  return `${brand.charAt(0).toUpperCase()}${brand.slice(1)}`;
}
