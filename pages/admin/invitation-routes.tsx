// The admin's invitation pages: the list (paged), inviting by e-mail and revoking, on the same
// commands and query the API's invitation routes run.
import { Router } from 'express';
import { z } from 'zod';
import { notFoundError } from '../../domain/errors';
import { offersSelfService } from '../../invitations/availability';
import { inviteSeller } from '../../invitations/invite';
import { inviteSchema } from '../../invitations/invite-request';
import { invitationsPage } from '../../invitations/queries';
import { revokeInvitation } from '../../invitations/revoke';
import { cursorOf } from '../components/pager';
import type { PagesDependencies } from '../dependencies';
import { command, parseForm } from '../forms';
import { noticeOf } from '../notice';
import { sendPage } from '../render';
import { InvitationsPage } from './invitations';
import { adminsMarketplace } from '../scope';

export const INVITATIONS_PER_PAGE = 25;

const inviteForm = z.object({ email: z.string().max(320) });

export function invitationPagesRouter(deps: PagesDependencies): Router {
  const { db } = deps;
  const router = Router();

  router.get('/marketplaces/:id/invitations', async (req, res) => {
    const { page, marketplace } = await adminsMarketplace(db, req, req.params.id);
    const cursor = cursorOf(req.query);
    const now = new Date();
    const { items, nextCursor } = await invitationsPage(
      db,
      marketplace.id,
      { limit: INVITATIONS_PER_PAGE, cursor },
      now,
    );
    sendPage(
      res,
      <InvitationsPage
        page={page}
        marketplace={marketplace}
        canInvite={offersSelfService(marketplace)}
        invitations={items}
        nextCursor={nextCursor}
        paged={cursor !== undefined}
        now={now}
        notice={noticeOf(req, page.t)}
      />,
    );
  });

  router.post('/marketplaces/:id/invitations', async (req, res) => {
    const { marketplace } = await adminsMarketplace(db, req, req.params.id);
    const back = `/portal/marketplaces/${marketplace.id}/invitations`;
    await command(res, back, back, async () => {
      const { email } = parseForm(inviteForm, req.body, 'invalid_email');
      const invitation = parseForm(inviteSchema, { email }, 'invalid_email');
      await inviteSeller(db, marketplace, invitation);
      return 'invitation_sent';
    });
  });

  router.post('/marketplaces/:id/invitations/:invitationId/revoke', async (req, res) => {
    const { marketplace } = await adminsMarketplace(db, req, req.params.id);
    const { invitationId } = req.params;
    if (!z.uuid().safeParse(invitationId).success) throw notFoundError('Invitation');
    const back = `/portal/marketplaces/${marketplace.id}/invitations`;
    await command(res, back, back, async () => {
      await revokeInvitation(db, marketplace.id, invitationId);
      return 'invitation_revoked';
    });
  });

  return router;
}
