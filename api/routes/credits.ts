// Credits against a seller's unbilled spend (R14): an admin issues one with a reason; the seller's
// workflow applies it (capped at what is unbilled) and a credit note follows. Admins and the
// seller list credits and read each credit note (GET /v1/credits/:id/credit-note.pdf).
import { Router } from 'express';
import { z } from 'zod';
import type { ApiDependencies } from '../app';
import { creditById, creditsPage } from '../../credits/history';
import { issueCredit } from '../../credits/issue-credit';
import { creditView } from '../../credits/views';
import type { RouteDoc } from '../openapi/route-doc';
import { pageQuerySchema } from '../pagination';
import {
  amountSchema,
  currencyOutSchema,
  idSchema,
  instantOutSchema,
  pageSchema,
} from '../response-schemas';
import { scopedSeller } from '../scope';
import { parseBody } from '../validation';
import { creditOrRefundSchema } from './credit-inputs';
import { addCreditHistoryRoutes } from './credit-history';
import { receiptQuerySchema } from './receipts';

const creditSchema = z.strictObject({
  id: idSchema,
  sellerId: idSchema,
  status: z.enum(['pending', 'applied', 'lapsed']),
  requestedMinor: amountSchema.min(1),
  appliedMinor: amountSchema.min(0).nullable(),
  currency: currencyOutSchema,
  reason: z.string(),
  creditNoteNumber: z.int().nullable(),
  creditNoteUrl: z.string().nullable(),
  createdAt: instantOutSchema,
  appliedAt: instantOutSchema.nullable(),
});
const creditPageAnswer = {
  description: 'A page of credits, newest first, and the next cursor.',
  schema: pageSchema('credits', creditSchema),
};

export const creditsDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/sellers/:id/credits',
    summary:
      'Credit a self-service seller against its unbilled spend (e.g. invalid traffic). The seller’s billing workflow applies it once, at most what is unbilled then; a credit note follows.',
    roles: ['marketplace_admin'],
    body: creditOrRefundSchema,
    responses: {
      201: {
        description: 'The credit, pending until the workflow applies it.',
        schema: z.strictObject({ credit: creditSchema }),
      },
      409: 'The seller is not self-service, or the amount exceeds what is unbilled (field amountMinor).',
    },
  },
  {
    method: 'get',
    path: '/sellers/:id/credits',
    summary: 'The seller’s credits, newest first, with each credit note’s URL.',
    roles: ['seller', 'marketplace_admin'],
    query: pageQuerySchema,
    responses: { 200: creditPageAnswer },
  },
  {
    method: 'get',
    path: '/marketplaces/:id/credits',
    summary: 'The marketplace’s credits, newest first, with each credit note’s URL.',
    roles: ['marketplace_admin'],
    query: pageQuerySchema,
    responses: { 200: creditPageAnswer },
  },
  {
    method: 'get',
    path: '/credits/:id/credit-note.pdf',
    summary: 'An applied credit’s credit note (PDF), to view, or to download with ?download=true.',
    roles: ['seller', 'marketplace_admin'],
    query: receiptQuerySchema,
    responses: {
      200: { description: 'The credit note.', contentType: 'application/pdf' },
      404: 'No such credit, or no credit note yet.',
    },
  },
];

export function creditsRouter(deps: Pick<ApiDependencies, 'db' | 'billing' | 'commands'>): Router {
  const { db } = deps;
  const router = Router();

  router.post('/sellers/:id/credits', async (req, res) => {
    const { seller } = await scopedSeller(db, req, req.params.id, 'marketplace_admin');
    const body = parseBody(creditOrRefundSchema, req.body);
    const credit = await issueCredit(deps, seller, body);
    res.status(201).json({ credit: creditView(credit) });
  });

  addCreditHistoryRoutes(router, db, {
    plural: 'credits',
    kind: 'credit',
    what: 'Credit',
    page: creditsPage,
    byId: creditById,
    view: creditView,
  });

  return router;
}
