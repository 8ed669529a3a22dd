// The sections of a seller's and of an admin's pages, for the navigation under the header.
import type { PageContext } from '../context';

export interface Sections {
  label: string;
  links: { href: string; label: string; current: boolean }[];
}

export function sellerSections(
  page: PageContext,
  sellerId: string,
  current: 'overview' | 'cards' | 'campaigns' | 'payments' | 'notifications',
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
      {
        href: `${base}/notifications`,
        label: t('admin.feed.title'),
        current: current === 'notifications',
      },
    ],
  };
}

const ADMIN_SECTIONS = [
  ['sellers', '', 'admin.sellers'],
  ['settings', '/settings', 'settings.title'],
  ['payments', '/payments', 'history.title'],
  ['stripe', '/stripe', 'admin.stripe.title'],
  ['invitations', '/invitations', 'admin.invitations.title'],
  ['notifications', '/notifications', 'admin.feed.title'],
  ['webhooks', '/webhooks', 'admin.webhooks.title'],
  ['reconciliations', '/reconciliations', 'admin.reconciliations.title'],
  ['exposure', '/exposure', 'admin.exposure.title'],
] as const;

export type AdminSection = (typeof ADMIN_SECTIONS)[number][0];

export function adminSections(
  page: PageContext,
  marketplaceId: string,
  current: AdminSection,
): Sections {
  const base = `/portal/marketplaces/${marketplaceId}`;
  const { t } = page;
  return {
    label: t('admin.title'),
    links: ADMIN_SECTIONS.map(([section, path, label]) => ({
      href: `${base}${path}`,
      label: t(label),
      current: current === section,
    })),
  };
}
