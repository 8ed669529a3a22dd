// Refunds of past payments (R14): an admin refunds part of a succeeded payment with a reason, at
// most what it paid less earlier refunds; the gateway refunds it and a credit note follows. Admins
// and the seller list refunds and read each credit note (GET /v1/refunds/:id/credit-note.pdf).
import { Router } from 'express';
import { z } from 'zod';
import { createNotificationActivities } from '../../activities/notifications';
import type { ApiDependencies } from '../app';
import { refundById, refundsPage } from '../../credits/history';
import { refundView } from '../../credits/views';
import { refundPayment } from '../../payments/refunds';
import { creditNoteFile } from '../../receipts/credit-note-pdf';
import { principalOf } from '../auth';
import { notFound } from '../errors';
import type { RouteDoc } from '../openapi/route-doc';
import { pageQuerySchema } from '../pagination';
import {
  amountSchema,
  currencyOutSchema,
  idSchema,
  instantOutSchema,
  pageSchema,
} from '../response-schemas';
import { covers, isUuid, scopedMarketplace, scopedSeller } from '../scope';
import { parseBody, parseQuery } from '../validation';
import { creditAmountSchema, creditReasonSchema } from './credit-inputs';
import { noCreditNote } from './credits';
import { receiptQuerySchema } from './receipts';

export const refundPaymentSchema = z.strictObject({
  amountMinor: creditAmountSchema,
  reason: creditReasonSchema,
});

const refundSchema = z.strictObject({
  id: idSchema,
  sellerId: idSchema,
  paymentId: idSchema,
  status: z.enum(['pending', 'processing', 'succeeded', 'failed']),
  amountMinor: amountSchema.min(1),
  currency: currencyOutSchema,
  reason: z.string(),
  failureCode: z.string().nullable(),
  creditNoteNumber: z.int().nullable(),
  creditNoteUrl: z.string().nullable(),
  createdAt: instantOutSchema,
});
const refundPageAnswer = {
  description: 'A page of refunds, newest first, and the next cursor.',
  schema: pageSchema('refunds', refundSchema),
};

export const refundsDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/payments/:id/refunds',
    summary:
      'Refund part of a succeeded payment to the card it was paid with, at most what it paid less earlier refunds; a credit note follows.',
    roles: ['marketplace_admin'],
    body: refundPaymentSchema,
    responses: {
      201: {
        description: 'The refund as the gateway answered it.',
        schema: z.strictObject({ refund: refundSchema }),
      },
      404: 'No such payment in the marketplace.',
      409: 'The payment did not succeed, or the amount exceeds what it can still give back (field amountMinor).',
    },
  },
  {
    method: 'get',
    path: '/sellers/:id/refunds',
    summary: 'The seller’s refunds, newest first, with each credit note’s URL.',
    roles: ['seller', 'marketplace_admin'],
    query: pageQuerySchema,
    responses: { 200: refundPageAnswer },
  },
  {
    method: 'get',
    path: '/marketplaces/:id/refunds',
    summary: 'The marketplace’s refunds, newest first, with each credit note’s URL.',
    roles: ['marketplace_admin'],
    query: pageQuerySchema,
    responses: { 200: refundPageAnswer },
  },
  {
    method: 'get',
    path: '/refunds/:id/credit-note.pdf',
    summary: 'A refund’s credit note (PDF), to view, or to download with ?download=true.',
    roles: ['seller', 'marketplace_admin'],
    query: receiptQuerySchema,
    responses: {
      200: { description: 'The credit note.', contentType: 'application/pdf' },
      404: 'No such refund, or no credit note yet.',
    },
  },
];

export function refundsRouter(
  deps: Pick<ApiDependencies, 'db' | 'logger' | 'payments' | 'portal'>,
): Router {
  const { db, logger } = deps;
  const { notify } = createNotificationActivities({
    db,
    logger,
    publicApiUrl: deps.portal?.publicUrl,
  });
  const router = Router();

  router.post('/payments/:id/refunds', async (req, res) => {
    const principal = principalOf(req, 'marketplace_admin');
    if (!isUuid(req.params.id) || !principal.marketplaceId) throw notFound('Payment');
    const body = parseBody(refundPaymentSchema, req.body);
    const refunds = { db, logger, gateway: deps.payments.gateway, notify };
    const refund = await refundPayment(refunds, principal.marketplaceId, req.params.id, body);
    res.status(201).json({ refund: refundView(refund) });
  });

  router.get('/sellers/:id/refunds', async (req, res) => {
    const { seller } = await scopedSeller(db, req, req.params.id, 'seller', 'marketplace_admin');
    const query = parseQuery(pageQuerySchema, req.query);
    const { items, nextCursor } = await refundsPage(db, { sellerId: seller.id }, query);
    res.json({ refunds: items.map(refundView), nextCursor });
  });

  router.get('/marketplaces/:id/refunds', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    const query = parseQuery(pageQuerySchema, req.query);
    const { items, nextCursor } = await refundsPage(db, { marketplaceId: marketplace.id }, query);
    res.json({ refunds: items.map(refundView), nextCursor });
  });

  router.get('/refunds/:id/credit-note.pdf', async (req, res) => {
    const principal = principalOf(req, 'seller', 'marketplace_admin');
    const refund = isUuid(req.params.id)
      ? await refundById(db, req.params.id)
      : null;
    if (!refund || !covers(principal, refund)) throw notFound('Refund');
    const { download } = parseQuery(receiptQuerySchema, req.query);
    const file = await creditNoteFile(db, 'refund', refund.id, download === 'true');
    if (!file) throw noCreditNote();
    res.status(200).set(file.headers).send(file.pdf);
  });

  return router;
}
