// The sections of a seller's and of an admin's pages, for the navigation under the header.
import type { PageContext } from '../context';

export interface Sections {
  label: string;
  links: { href: string; label: string; current: boolean }[];
}

export function sellerSections(
  page: PageContext,
  sellerId: string,
  current: 'overview' | 'cards' | 'campaigns' | 'payments',
): Sections {
  const base = `/portal/sellers/${sellerId}`;
  const { t } = page;
  return {
    label: t('layout.nav'),
    links: [
      { href: base, label: t('nav.overview'), current: current === 'overview' },
      { href: `${base}/cards`, label: t('nav.cards'), current: current === 'cards' },
      { href: `${base}/campaigns`, label: t('nav.campaigns'), current: current === 'campaigns' },
      { href: `${base}/payments`, label: t('history.title'), current: current === 'payments' },
    ],
  };
}

export function adminSections(
  page: PageContext,
  marketplaceId: string,
  current: 'sellers' | 'settings' | 'payments',
): Sections {
  const base = `/portal/marketplaces/${marketplaceId}`;
  const { t } = page;
  return {
    label: t('admin.title'),
    links: [
      { href: base, label: t('admin.sellers'), current: current === 'sellers' },
      { href: `${base}/settings`, label: t('settings.title'), current: current === 'settings' },
      { href: `${base}/payments`, label: t('history.title'), current: current === 'payments' },
    ],
  };
}
