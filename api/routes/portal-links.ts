// Portal links: a marketplace's back office, holding its admin key, asks for a short-lived,
// single-use link into the pages for its admin or one of its sellers; a seller key asks for its
// own. The link opens a session scoped like the key that asked (access/portal-access.ts).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { mintPortalLink, portalEntryUrl, type PortalScope } from '../../access/portal-access';
import { publicBaseUrl } from '../../pages/settings';
import type { ApiDependencies } from '../app';
import type { RouteDoc } from '../openapi/route-doc';
import { idSchema, instantOutSchema } from '../response-schemas';
import { scopedMarketplace, scopedSeller, sellerOfMarketplace } from '../scope';
import { expectNoBody, parseBody } from '../validation';

export const portalLinkRequestSchema = z.discriminatedUnion('for', [
  z.strictObject({ for: z.literal('admin') }),
  z.strictObject({ for: z.literal('seller'), sellerId: idSchema }),
]);

const linkAnswer = {
  description: 'The link (single use, valid until expiresAt).',
  schema: z.strictObject({ url: z.url(), expiresAt: instantOutSchema }),
};

export const portalLinksDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/marketplaces/:id/portal-links',
    summary: 'A single-use link into the pages for the marketplace’s admin or one of its sellers.',
    roles: ['marketplace_admin'],
    body: portalLinkRequestSchema,
    responses: { 201: linkAnswer, 404: 'No such marketplace or seller in the key’s scope.' },
  },
  {
    method: 'post',
    path: '/sellers/:id/portal-links',
    summary: 'A single-use link into the seller’s Manage payments pages.',
    roles: ['seller', 'marketplace_admin'],
    responses: { 201: linkAnswer, 404: 'No such seller in the key’s scope.' },
  },
];

export function portalLinksRouter(deps: Pick<ApiDependencies, 'db' | 'portal'>): Router {
  const { db } = deps;
  const router = Router();

  router.post('/marketplaces/:id/portal-links', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    const body = parseBody(portalLinkRequestSchema, req.body);
    const scope: PortalScope =
      body.for === 'admin'
        ? { role: 'marketplace_admin', marketplaceId: marketplace.id, sellerId: null }
        : {
            role: 'seller',
            marketplaceId: marketplace.id,
            sellerId: (await sellerOfMarketplace(db, marketplace.id, body.sellerId)).id,
          };
    res.status(201).json(await linkFor(req, scope));
  });

  router.post('/sellers/:id/portal-links', async (req, res) => {
    expectNoBody(req.body);
    const { seller } = await scopedSeller(db, req, req.params.id, 'seller', 'marketplace_admin');
    const scope: PortalScope = {
      role: 'seller',
      marketplaceId: seller.marketplaceId,
      sellerId: seller.id,
    };
    res.status(201).json(await linkFor(req, scope));
  });

  async function linkFor(req: Request, scope: PortalScope) {
    const { token, expiresAt } = await mintPortalLink(db, scope);
    const url = portalEntryUrl(publicBaseUrl(deps.portal, req), token);
    return { url, expiresAt: expiresAt.toISOString() };
  }

  return router;
}
