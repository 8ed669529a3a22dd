// Invitations (R3): the admin invites a seller by e-mail (a token with an expiry, e-mailed by the
// notification dispatcher), lists the invitations with each decision and reason, and the invitee
// accepts with the token alone. A seller that becomes self-service gets its billing workflow.
import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { acceptInvitation, InvitationError } from '../../invitations/accept';
import {
  INVITATION_TTL_DAYS,
  hashInvitationToken,
  newInvitationToken,
} from '../../invitations/tokens';
import type { SellerBillingClient } from '../../temporal/seller-billing-client';
import { ApiError } from '../errors';
import type { RouteDoc } from '../openapi/route-doc';
import { billingModeSchema, idSchema, instantOutSchema } from '../response-schemas';
import { scopedMarketplace } from '../scope';
import { parseBody } from '../validation';

const DAY_MS = 24 * 60 * 60 * 1000;

export const inviteSchema = z.strictObject({
  email: z.email().transform((email) => email.toLowerCase()),
  expiresInDays: z.int().min(1).max(30).default(INVITATION_TTL_DAYS),
});

export const acceptSchema = z.strictObject({
  token: z.string().min(1),
  sellerName: z.string().trim().min(1).max(200).optional(),
});

const invitationSchema = z.strictObject({
  id: idSchema,
  email: z.email(),
  mode: billingModeSchema,
  expiresAt: instantOutSchema,
  acceptedAt: instantOutSchema.nullable(),
  sellerId: idSchema.nullable(),
  decision: billingModeSchema.nullable(),
  decisionReason: z.string().nullable(),
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
      409: 'Invitation mode or self-service off.',
    },
  },
  {
    method: 'get',
    path: '/marketplaces/:id/invitations',
    summary: 'The invitations, with each decision (self-service or managed) and its reason.',
    roles: ['marketplace_admin'],
    responses: {
      200: {
        description: 'The invitations, newest first.',
        schema: z.strictObject({ invitations: z.array(invitationSchema) }),
      },
    },
  },
  {
    method: 'post',
    path: '/invitations/accept',
    summary:
      'Accept an invitation with its token (no API key): answers the seller, its billing mode and reason, and a seller API key shown once.',
    roles: [],
    body: acceptSchema,
    responses: {
      201: {
        description: 'The acceptance.',
        schema: z.strictObject({
          sellerId: idSchema,
          marketplaceId: idSchema,
          billingMode: billingModeSchema,
          billingModeReason: z.string(),
          sellerKey: z.string(),
        }),
      },
      404: 'Unknown token.',
      409: 'Already accepted.',
      410: 'Expired.',
    },
  },
];

/** The admin's side; needs an API key. */
export function invitationsRouter(deps: { db: Database }): Router {
  const { db } = deps;
  const router = Router();

  router.post('/marketplaces/:id/invitations', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    const body = parseBody(inviteSchema, req.body);
    if (!marketplace.selfServiceEnabled || marketplace.invitationMode !== 'self_service') {
      throw new ApiError(
        409,
        'invitations_not_self_service',
        'Switch self-service on and set the invitation mode to "self_service" before inviting sellers.',
      );
    }
    const token = newInvitationToken();
    const expiresAt = new Date(Date.now() + body.expiresInDays * DAY_MS);
    const invitation = await db.$transaction(async (tx) => {
      const created = await tx.invitation.create({
        data: {
          marketplaceId: marketplace.id,
          email: body.email,
          tokenHash: hashInvitationToken(token),
          mode: marketplace.invitationMode,
          expiresAt,
        },
      });
      await tx.notification.create({
        data: {
          marketplaceId: marketplace.id,
          recipientRole: 'seller',
          kind: 'invitation',
          subject: `${marketplace.name} invites you to pay for your ads by card`,
          body:
            `${marketplace.name} invites you to manage your ad payments yourself.\n` +
            `Accept before ${expiresAt.toISOString()} with this token: ${token}\n` +
            `(POST /v1/invitations/accept {"token": "${token}"})`,
          dedupeKey: `invitation:${created.id}`,
          emailTo: body.email,
        },
      });
      return created;
    });
    res.status(201).json({ invitation: invitationView(invitation), token });
  });

  router.get('/marketplaces/:id/invitations', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    const invitations = await db.invitation.findMany({
      where: { marketplaceId: marketplace.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    res.json({ invitations: invitations.map(invitationView) });
  });

  return router;
}

/** The invitee's side: the token is the credential, so it is mounted before the key check. */
export function invitationAcceptanceRouter(deps: {
  db: Database;
  billing: SellerBillingClient;
}): Router {
  const router = Router();
  router.post('/invitations/accept', async (req, res) => {
    const body = parseBody(acceptSchema, req.body);
    let acceptance;
    try {
      acceptance = await acceptInvitation(deps.db, body);
    } catch (error) {
      if (error instanceof InvitationError)
        throw new ApiError(error.status, error.code, error.message);
      throw error;
    }
    if (acceptance.mode === 'self_service') {
      await deps.billing.start(acceptance.marketplaceId, acceptance.sellerId);
    }
    res.status(201).json({
      sellerId: acceptance.sellerId,
      marketplaceId: acceptance.marketplaceId,
      billingMode: acceptance.mode,
      billingModeReason: acceptance.reason,
      sellerKey: acceptance.sellerKey,
    });
  });
  return router;
}

function invitationView(invitation: {
  id: string;
  email: string;
  mode: string;
  expiresAt: Date;
  acceptedAt: Date | null;
  sellerId: string | null;
  decision: string | null;
  decisionReason: string | null;
}) {
  return {
    id: invitation.id,
    email: invitation.email,
    mode: invitation.mode,
    expiresAt: invitation.expiresAt.toISOString(),
    acceptedAt: invitation.acceptedAt?.toISOString() ?? null,
    sellerId: invitation.sellerId,
    decision: invitation.decision,
    decisionReason: invitation.decisionReason,
  };
}
