// The invitation's acceptance pages under /portal/invitations/:token. Accepting runs the same
// command as POST /v1/invitations/accept; a new self-service seller then gets a portal session
// and lands in Manage payments. An existing seller sees what was recorded, and no session: the
// token's holder may not be that seller.
import { Router } from 'express';
import { z } from 'zod';
import { enterWithLink, endPortalSession, mintPortalLink } from '../../access/portal-access';
import { nameSchema } from '../../domain/text-schemas';
import { acceptInvitation, InvitationError } from '../../invitations/accept';
import { invitationOfToken } from '../../invitations/queries';
import { pageContextOf } from '../context';
import { readCookie, SESSION_COOKIE, setSessionCookie } from '../cookies';
import type { PagesDependencies } from '../dependencies';
import { parseForm } from '../forms';
import { withNotice } from '../notice';
import { sendPage } from '../render';
import { isSecureOrigin } from '../settings';
import { InvitationOutcomePage, InvitationPage, InvitationRefusedPage } from './accept';

const acceptForm = z.object({
  sellerName: nameSchema.optional().or(z.literal('').transform(() => undefined)),
});

/** The acceptance form's address: its POST is the one page form without a session. */
export const INVITATION_ACCEPT_PATH = /^\/invitations\/[\w-]{1,200}\/accept$/;

export function invitationPagesRouter(deps: PagesDependencies): Router {
  const { db } = deps;
  const secure = isSecureOrigin(deps.portal);
  const router = Router();

  router.get('/invitations/:token', async (req, res) => {
    const page = pageContextOf(req);
    const invitation = await invitationOfToken(db, req.params.token);
    if (!invitation) {
      sendPage(res, <InvitationRefusedPage page={page} code="invitation_not_found" />, {
        status: 404,
      });
      return;
    }
    sendPage(
      res,
      <InvitationPage
        page={page}
        marketplace={invitation.marketplace}
        expiresAt={invitation.expiresAt}
        action={`/portal/invitations/${req.params.token}/accept`}
      />,
    );
  });

  router.post('/invitations/:token/accept', async (req, res) => {
    const page = pageContextOf(req);
    const form = parseForm(acceptForm, req.body, 'invalid_name');
    let acceptance;
    try {
      acceptance = await acceptInvitation(deps, {
        token: req.params.token,
        ...(form.sellerName === undefined ? {} : { sellerName: form.sellerName }),
      });
    } catch (error) {
      if (!(error instanceof InvitationError)) throw error;
      sendPage(res, <InvitationRefusedPage page={page} code={error.code} />, {
        status: error.status,
      });
      return;
    }
    if (acceptance.sellerKey === null || acceptance.mode !== 'self_service') {
      sendPage(res, <InvitationOutcomePage page={page} mode={acceptance.mode} />);
      return;
    }
    const link = await mintPortalLink(db, {
      role: 'seller',
      marketplaceId: acceptance.marketplaceId,
      sellerId: acceptance.sellerId,
    });
    const session = await enterWithLink(db, link.token);
    if (!session) throw new Error('a portal link minted now could not be used');
    const previous = readCookie(req, SESSION_COOKIE);
    if (previous) await endPortalSession(db, previous);
    setSessionCookie(res, session.token, secure);
    res.redirect(
      303,
      withNotice(`/portal/sellers/${acceptance.sellerId}`, 'done', 'invitation_accepted'),
    );
  });

  return router;
}
