// What every page handler knows about its request: the language, the session (if signed in) and
// the session's anti-forgery token for its forms.
import type { Request } from 'express';
import type { PortalSession } from '../access/portal-access';
import { DomainError } from '../domain/errors';
import type { Locale, Translate } from './i18n';

export interface PageContext {
  locale: Locale;
  /** The Intl locale money and dates are formatted in. */
  intl: string;
  t: Translate;
  session: PortalSession | null;
  /** The hidden `_csrf` value every form of this session carries. */
  csrf: string;
  /** The request's path and query, for the language switch. */
  path: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    page?: PageContext;
  }
}

export function pageContextOf(req: Request): PageContext {
  if (!req.page) throw new Error('page context missing: mount the portal middleware first');
  return req.page;
}

/** A page for pages that need a signed-in session; without one there is nothing to see. */
export function signedIn(req: Request): PageContext & { session: PortalSession } {
  const page = pageContextOf(req);
  if (!page.session) throw new DomainError(404, 'not_found', 'Page not found');
  return page as PageContext & { session: PortalSession };
}
