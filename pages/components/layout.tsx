// The frame of every page: language, title, skip link, the language switch, sign-out, the
// seller's navigation, the notice a form left, and the page's own content.
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../context';
import { CsrfField } from './csrf-field';
import type { Sections } from './sections';
import { LOCALES, translator } from '../i18n';
import type { Notice } from '../notice';

interface LayoutProps {
  page: PageContext;
  title: string;
  /** The sections of the person's pages, the current one marked. */
  nav?: Sections;
  notice?: Notice | null;
  /** Extra tags for <head> (Stripe.js on the card page in Stripe mode). */
  head?: ComponentChildren;
  children: ComponentChildren;
}

export function Layout({ page, title, nav, notice, head, children }: LayoutProps) {
  const { t } = page;
  return (
    <html lang={page.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href="/portal/assets/style.css" />
        {head}
      </head>
      <body>
        <a class="skip" href="#main">
          {t('layout.skip')}
        </a>
        <header class="top">
          <LanguageSwitch page={page} />
          {page.session && (
            <form method="post" action="/portal/sign-out">
              <CsrfField page={page} />
              <button type="submit" class="link">
                {t('layout.signOut')}
              </button>
            </form>
          )}
        </header>
        {nav && (
          <nav aria-label={nav.label} class="sections">
            <ul>
              {nav.links.map((link) => (
                <li key={link.href}>
                  <a href={link.href} aria-current={link.current ? 'page' : undefined}>
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main id="main">
          <h1>{title}</h1>
          {notice && (
            <p class={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
              {notice.text}
            </p>
          )}
          {children}
        </main>
      </body>
    </html>
  );
}

function LanguageSwitch({ page }: { page: PageContext }) {
  return (
    <nav aria-label={page.t('lang.switch')} class="languages">
      <ul>
        {LOCALES.map((locale) => (
          <li key={locale}>
            <a
              href={withLanguage(page.path, locale)}
              lang={locale}
              hrefLang={locale}
              aria-current={locale === page.locale ? 'true' : undefined}
            >
              {translator(locale)('lang.name')}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The same page in another language (the switch sets the cookie and keeps the path). */
function withLanguage(path: string, locale: string): string {
  const url = new URL(path, 'http://portal.invalid');
  url.searchParams.delete('done');
  url.searchParams.delete('error');
  url.searchParams.set('lang', locale);
  return `${url.pathname}${url.search}`;
}
