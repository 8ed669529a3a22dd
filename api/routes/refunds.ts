// Refunds of past payments (R14): an admin refunds part of a succeeded payment with a reason, at
// most what it paid less earlier refunds; the gateway refunds it and a credit note follows. Admins
// and the seller list refunds and read each credit note (GET /v1/refunds/:id/credit-note.pdf).
import { Router } from 'express';
import { z } from 'zod';
import { createNotificationActivities } from '../../activities/notifications';
import type { ApiDependencies } from '../app';
import { refundById, refundsPage } from '../../credits/history';
import { refundView } from '../../credits/views';
import { paymentById } from '../../payments/history';
import { refundPayment } from '../../payments/refunds';
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
import { isUuid } from '../scope';
import { parseBody } from '../validation';
import { creditOrRefundSchema } from './credit-inputs';
import { addCreditHistoryRoutes } from './credit-history';
import { receiptQuerySchema } from './receipts';

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
    body: creditOrRefundSchema,
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
    // A payment the key cannot see is 404 whatever the body says, like every other path id.
    const payment = await paymentById(db, req.params.id);
    if (payment?.marketplaceId !== principal.marketplaceId) throw notFound('Payment');
    const body = parseBody(creditOrRefundSchema, req.body);
    const refunds = { db, logger, gateway: deps.payments.gateway, notify };
    const refund = await refundPayment(refunds, principal.marketplaceId, req.params.id, body);
    res.status(201).json({ refund: refundView(refund) });
  });

  addCreditHistoryRoutes(router, db, {
    plural: 'refunds',
    kind: 'refund',
    what: 'Refund',
    page: refundsPage,
    byId: refundById,
    view: refundView,
  });

  return router;
}
