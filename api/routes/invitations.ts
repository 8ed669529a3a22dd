// Invitations (R3): the admin invites a seller by e-mail (a token with an expiry, e-mailed by the
// notification dispatcher), lists the invitations with each status, decision and reason, and
// revokes pending ones; the invitee accepts with the token alone. The commands live in
// invitations/; this route parses, checks the caller's scope, runs one and answers.
import { Router } from 'express';
import { z } from 'zod';
import type { ApiDependencies } from '../app';
import { acceptInvitation } from '../../invitations/accept';
import { inviteSeller } from '../../invitations/invite';
import { revokeInvitation } from '../../invitations/revoke';
import { invitationsPage } from '../../invitations/queries';
import { INVITATION_STATUSES } from '../../invitations/status';
import { inviteSchema } from '../../invitations/invite-request';
import { invitationView } from '../../invitations/views';
import { notFound } from '../errors';
import { nameSchema } from '../input-schemas';
import type { RouteDoc } from '../openapi/route-doc';
import { pageQuerySchema } from '../pagination';
import { billingModeSchema, idSchema, instantOutSchema, pageSchema } from '../response-schemas';
import { isUuid, scopedMarketplace } from '../scope';
import { expectNoBody, parseBody, parseQuery } from '../validation';

export const invitationsQuerySchema = pageQuerySchema.extend({
  status: z.enum(INVITATION_STATUSES).optional(),
});

export const acceptSchema = z.strictObject({
  token: z.string().min(1),
  sellerName: nameSchema.optional(),
});

const invitationSchema = z.strictObject({
  id: idSchema,
  email: z.email(),
  mode: billingModeSchema,
  status: z.enum(INVITATION_STATUSES),
  expiresAt: instantOutSchema,
  acceptedAt: instantOutSchema.nullable(),
  revokedAt: instantOutSchema.nullable(),
  sellerId: idSchema.nullable(),
  decision: billingModeSchema.nullable(),
  decisionReason: z.string().nullable(),
});

const acceptanceSchema = z.strictObject({
  sellerId: idSchema,
  marketplaceId: idSchema,
  billingMode: billingModeSchema,
  billingModeReason: z.string(),
  sellerKey: z.string().nullable(),
  existingSeller: z.boolean(),
  message: z.string().optional(),
});

export const invitationsDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/marketplaces/:id/invitations',
    summary: 'Invite a seller by e-mail; the token is e-mailed and answered once.',
    roles: ['marketplace_admin'],
    body: inviteSchema,
    responses: {
      201: {
        description: 'The invitation and its token.',
        schema: z.strictObject({ invitation: invitationSchema, token: z.string() }),
      },
      409: 'Payments off, self-service off or invitation mode managed.',
    },
  },
  {
    method: 'get',
    path: '/marketplaces/:id/invitations',
    summary:
      'The invitations, newest first, each with its status (pending, accepted, revoked, expired), decision (self-service or managed) and reason.',
    roles: ['marketplace_admin'],
    query: invitationsQuerySchema,
    responses: {
      200: {
        description: 'A page of invitations and the next cursor.',
        schema: pageSchema('invitations', invitationSchema),
      },
    },
  },
  {
    method: 'post',
    path: '/marketplaces/:id/invitations/:invitationId/revoke',
    summary:
      'Withdraw an invitation: its tokens stop working and its e-mail, if unsent, is not sent.',
    roles: ['marketplace_admin'],
    responses: {
      200: {
        description: 'The invitation, revoked.',
        schema: z.strictObject({ invitation: invitationSchema }),
      },
      409: 'Already accepted.',
    },
  },
  {
    method: 'post',
    path: '/invitations/accept',
    summary:
      'Accept an invitation with its token (no API key). A new seller is created self-service and answered with its API key, shown once (201). A seller that already exists with the invited e-mail gets no key: R3 decides its billing mode, recorded with the reason, and it keeps its existing access (200).',
    roles: [],
    body: acceptSchema,
    responses: {
      200: {
        description: 'Accepted for an existing seller: its billing mode and reason, no key.',
        schema: acceptanceSchema,
      },
      201: {
        description: 'Accepted: the new seller, its billing mode and reason, and its API key.',
        schema: acceptanceSchema,
      },
      404: 'Unknown token.',
      409: 'Already accepted, or the marketplace no longer offers self-service.',
      410: 'Expired or revoked.',
    },
  },
];

/** The admin's side; needs an API key. */
export function invitationsRouter(deps: Pick<ApiDependencies, 'db'>): Router {
  const { db } = deps;
  const router = Router();

  router.post('/marketplaces/:id/invitations', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    const body = parseBody(inviteSchema, req.body);
    const { invitation, token } = await inviteSeller(db, marketplace, body);
    res.status(201).json({ invitation: invitationView(invitation), token });
  });

  router.get('/marketplaces/:id/invitations', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    const query = parseQuery(invitationsQuerySchema, req.query);
    const now = new Date();
    const { items, nextCursor } = await invitationsPage(db, marketplace.id, query, now);
    res.json({ invitations: items.map((row) => invitationView(row, now)), nextCursor });
  });

  router.post('/marketplaces/:id/invitations/:invitationId/revoke', async (req, res) => {
    expectNoBody(req.body);
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    const { invitationId } = req.params;
    if (!isUuid(invitationId)) throw notFound('Invitation');
    const revoked = await revokeInvitation(db, marketplace.id, invitationId);
    res.json({ invitation: invitationView(revoked) });
  });

  return router;
}

const EXISTING_SELLER_MESSAGE =
  'This e-mail already belongs to a seller of this marketplace: accepting records its billing mode and issues no new API key; keep using the access you have.';

/** The invitee's side: the token is the credential, so it is mounted before the key check. */
export function invitationAcceptanceRouter(deps: Pick<ApiDependencies, 'db' | 'commands'>): Router {
  const router = Router();
  router.post('/invitations/accept', async (req, res) => {
    const body = parseBody(acceptSchema, req.body);
    const acceptance = await acceptInvitation(deps, body);
    const existingSeller = acceptance.sellerKey === null;
    res.status(existingSeller ? 200 : 201).json({
      sellerId: acceptance.sellerId,
      marketplaceId: acceptance.marketplaceId,
      billingMode: acceptance.mode,
      billingModeReason: acceptance.reason,
      sellerKey: acceptance.sellerKey,
      existingSeller,
      ...(existingSeller ? { message: EXISTING_SELLER_MESSAGE } : {}),
    });
  });
  return router;
}
