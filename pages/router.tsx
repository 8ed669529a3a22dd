// The pages for people under /portal, served by the API process: entering with a portal link,
// the language and session of every request, the anti-forgery check of every form, signing out,
// and the error pages. The seller's pages live in seller/, the admin's in admin/.
import path from 'node:path';
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import {
  csrfTokenOf,
  endPortalSession,
  enterWithLink,
  isCsrfTokenOf,
  portalSessionOf,
} from '../access/portal-access';
import { DomainError } from '../domain/errors';
import type { Logger } from '../observability/logger';
import { MessagePage } from './components/message-page';
import { pageContextOf, signedIn, type PageContext } from './context';
import {
  LANGUAGE_COOKIE,
  SESSION_COOKIE,
  clearSessionCookie,
  readCookie,
  setLanguageCookie,
  setSessionCookie,
} from './cookies';
import { INTL_LOCALE, isLocale, localeFromAcceptLanguage, translator, type Locale } from './i18n';
import { sendPage } from './render';
import { adminPagesRouter } from './admin/routes';
import { adminSellerPagesRouter } from './admin/seller-routes';
import { feedPagesRouter } from './notifications/routes';
import { reconciliationPagesRouter } from './admin/reconciliation-routes';
import { exposurePagesRouter } from './admin/exposure-routes';
import { invitationPagesRouter as adminInvitationPagesRouter } from './admin/invitation-routes';
import { stripePagesRouter } from './admin/stripe-routes';
import { webhookPagesRouter } from './admin/webhook-routes';
import { sellerPagesRouter } from './seller/routes';
import { paymentPagesRouter } from './payments/routes';
import { INVITATION_ACCEPT_PATH, invitationPagesRouter } from './invitations/routes';
import type { PagesDependencies } from './dependencies';
import { isSecureOrigin } from './settings';

/** A form posted without its session's anti-forgery token. */
class ForgedFormError extends Error {}

export function pagesRouter(deps: PagesDependencies): Router {
  const { db } = deps;
  const secure = isSecureOrigin(deps.portal);
  const router = Router();

  router.use(
    '/assets',
    express.static(path.join(__dirname, 'assets'), {
      fallthrough: false,
      setHeaders: (res) => res.set('x-content-type-options', 'nosniff'),
    }),
  );
  router.use(pageContext(deps, secure));
  router.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }));
  router.use(refuseForgedForms);

  router.get('/enter', async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const session = token ? await enterWithLink(db, token) : null;
    if (!session) {
      sendPage(
        res,
        <MessagePage
          page={pageContextOf(req)}
          title="enter.refused.title"
          body="enter.refused.body"
        />,
        { status: 410 },
      );
      return;
    }
    const previous = readCookie(req, SESSION_COOKIE);
    if (previous) await endPortalSession(db, previous);
    setSessionCookie(res, session.token, secure);
    res.redirect(303, '/portal/');
  });

  router.get('/', (req, res) => {
    const { scope } = signedIn(req).session;
    res.redirect(
      303,
      scope.role === 'seller'
        ? `/portal/sellers/${scope.sellerId}`
        : `/portal/marketplaces/${scope.marketplaceId}`,
    );
  });

  router.post('/sign-out', async (req, res) => {
    await endPortalSession(db, signedIn(req).session.token);
    clearSessionCookie(res, secure);
    res.redirect(303, '/portal/signed-out');
  });

  router.get('/signed-out', (req, res) => {
    sendPage(
      res,
      <MessagePage page={pageContextOf(req)} title="signedOut.title" body="signedOut.body" />,
    );
  });

  router.use(adminPagesRouter(deps));
  router.use(stripePagesRouter(deps));
  router.use(adminInvitationPagesRouter(deps));
  router.use(adminSellerPagesRouter(deps));
  router.use(feedPagesRouter(deps));
  router.use(webhookPagesRouter(deps));
  router.use(reconciliationPagesRouter(deps));
  router.use(exposurePagesRouter(deps));
  router.use(sellerPagesRouter(deps));
  router.use(paymentPagesRouter(deps));
  router.use(invitationPagesRouter(deps));
  router.use(() => {
    throw new DomainError(404, 'not_found', 'Page not found');
  });
  router.use(pageErrors(deps.logger));
  return router;
}

/** The language (switch, cookie, Accept-Language) and the session of every page request. */
function pageContext(deps: PagesDependencies, secure: boolean): RequestHandler {
  return (req, res, next) => {
    const asked = req.query.lang;
    if (isLocale(asked)) setLanguageCookie(res, asked, secure);
    const chosen = readCookie(req, LANGUAGE_COOKIE);
    const locale: Locale = isLocale(asked)
      ? asked
      : isLocale(chosen)
        ? chosen
        : localeFromAcceptLanguage(req.get('accept-language'));
    const token = readCookie(req, SESSION_COOKIE);
    (token ? portalSessionOf(deps.db, token) : Promise.resolve(null))
      .then((session) => {
        req.page = {
          locale,
          intl: INTL_LOCALE[locale],
          t: translator(locale),
          session,
          csrf: session ? csrfTokenOf(session) : '',
          path: req.originalUrl,
        };
        next();
      })
      .catch(next);
  };
}

/**
 * Every POST needs a session and that session's anti-forgery token, but for accepting an
 * invitation, whose token is the credential; that one must still come from our own pages.
 */
const refuseForgedForms: RequestHandler = (req, _res, next) => {
  if (req.method !== 'POST') return next();
  if (INVITATION_ACCEPT_PATH.test(req.path)) {
    const site = req.get('sec-fetch-site');
    return next(site === undefined || site === 'same-origin' ? undefined : new ForgedFormError());
  }
  const { session } = pageContextOf(req);
  const given = (req.body as Record<string, unknown> | undefined)?._csrf;
  next(session && isCsrfTokenOf(session, given) ? undefined : new ForgedFormError());
};

function pageErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const page: PageContext = req.page ?? {
      locale: 'en',
      intl: INTL_LOCALE.en,
      t: translator('en'),
      session: null,
      csrf: '',
      path: '/portal/',
    };
    const show = (
      status: number,
      kind: 'forbidden' | 'notFound' | 'badRequest' | 'unavailable' | 'internal',
    ) =>
      sendPage(
        res,
        <MessagePage page={page} title={`error.${kind}.title`} body={`error.${kind}.body`} />,
        { status },
      );
    // Domain errors and what Express's parsers and static files refuse both carry their status.
    const status = (error as { status?: unknown }).status;
    if (error instanceof ForgedFormError) return show(403, 'forbidden');
    if (status === 404) return show(404, 'notFound');
    if (status === 503) return show(503, 'unavailable');
    if (typeof status === 'number' && status >= 400 && status < 500) return show(400, 'badRequest');
    logger.error({ err: error }, 'page failed');
    return show(500, 'internal');
  };
}
