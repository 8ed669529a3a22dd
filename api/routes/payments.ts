// Payment history (R9): the admin's, filtered by seller, status and dates, and the seller's own;
// newest first, paginated by cursor. Each item links its receipt (GET /v1/payments/:id/receipt.pdf).
// The same filters give the whole history as CSV.
import { Router } from 'express';
import { z } from 'zod';
import type { ApiDependencies } from '../app';
import { paymentsPage } from '../../payments/history';
import { CSV_DOWNLOAD, paymentsCsv } from '../../payments/history-csv';
import { paymentView } from '../../payments/views';
import { instantSchema } from '../input-schemas';
import type { RouteDoc } from '../openapi/route-doc';
import {
  amountSchema,
  chargeReasonSchema,
  currencyOutSchema,
  idSchema,
  instantOutSchema,
  pageSchema,
  paymentStatusSchema,
} from '../response-schemas';
import { pageQuerySchema } from '../pagination';
import { scopedMarketplace, scopedSeller } from '../scope';
import { parseQuery } from '../validation';

export const sellerPaymentsQuerySchema = pageQuerySchema.extend({
  status: paymentStatusSchema.optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
});

export const marketplacePaymentsQuerySchema = sellerPaymentsQuerySchema.extend({
  sellerId: z.uuid().optional(),
});

export const sellerPaymentsCsvQuerySchema = sellerPaymentsQuerySchema.omit({
  limit: true,
  cursor: true,
});
export const marketplacePaymentsCsvQuerySchema = marketplacePaymentsQuerySchema.omit({
  limit: true,
  cursor: true,
});
const csvAnswer = {
  description: 'Every payment the filters select, newest first (RFC 4180, amounts as decimals).',
  contentType: 'text/csv',
};

const paymentSchema = z.strictObject({
  id: idSchema,
  sellerId: idSchema,
  status: paymentStatusSchema,
  reason: chargeReasonSchema,
  amountMinor: amountSchema.min(0),
  /** What refunds gave back of it (R14). */
  refundedMinor: amountSchema.min(0),
  currency: currencyOutSchema,
  card: z.strictObject({ brand: z.string().nullable(), last4: z.string() }).nullable(),
  failureCode: z.string().nullable(),
  failureMessage: z.string().nullable(),
  receiptNumber: z.int().nullable(),
  receiptUrl: z.string().nullable(),
  cycle: z.strictObject({ startsAt: instantOutSchema, endsAt: instantOutSchema }),
  createdAt: instantOutSchema,
});
const paymentPageAnswer = {
  description: 'A page of payments and the next cursor.',
  schema: pageSchema('payments', paymentSchema),
};

export const paymentsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/marketplaces/:id/payments',
    summary: 'The marketplace’s payment history, newest first, with each receipt’s URL.',
    roles: ['marketplace_admin'],
    query: marketplacePaymentsQuerySchema,
    responses: { 200: paymentPageAnswer },
  },
  {
    method: 'get',
    path: '/sellers/:id/payments',
    summary: 'The seller’s payment history, newest first, with each receipt’s URL.',
    roles: ['seller', 'marketplace_admin'],
    query: sellerPaymentsQuerySchema,
    responses: { 200: paymentPageAnswer },
  },
  {
    method: 'get',
    path: '/marketplaces/:id/payments.csv',
    summary: 'The marketplace’s payment history as CSV, with the same filters.',
    roles: ['marketplace_admin'],
    query: marketplacePaymentsCsvQuerySchema,
    responses: { 200: csvAnswer },
  },
  {
    method: 'get',
    path: '/sellers/:id/payments.csv',
    summary: 'The seller’s payment history as CSV, with the same filters.',
    roles: ['seller', 'marketplace_admin'],
    query: sellerPaymentsCsvQuerySchema,
    responses: { 200: csvAnswer },
  },
];

export function paymentsRouter(deps: Pick<ApiDependencies, 'db'>): Router {
  const { db } = deps;
  const router = Router();

  router.get('/marketplaces/:id/payments', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    const query = parseQuery(marketplacePaymentsQuerySchema, req.query);
    const owner = { marketplaceId: marketplace.id, sellerId: query.sellerId };
    const { items, nextCursor } = await paymentsPage(db, owner, query);
    res.json({ payments: items.map((payment) => paymentView(payment, receiptUrlOf)), nextCursor });
  });

  router.get('/sellers/:id/payments', async (req, res) => {
    const { seller } = await scopedSeller(db, req, req.params.id, 'seller', 'marketplace_admin');
    const query = parseQuery(sellerPaymentsQuerySchema, req.query);
    const { items, nextCursor } = await paymentsPage(db, { sellerId: seller.id }, query);
    res.json({ payments: items.map((payment) => paymentView(payment, receiptUrlOf)), nextCursor });
  });

  router.get('/marketplaces/:id/payments.csv', async (req, res) => {
    const { marketplace } = await scopedMarketplace(db, req, req.params.id, 'marketplace_admin');
    const query = parseQuery(marketplacePaymentsCsvQuerySchema, req.query);
    const owner = { marketplaceId: marketplace.id, sellerId: query.sellerId };
    res.set(CSV_DOWNLOAD).send(await paymentsCsv(db, owner, query));
  });

  router.get('/sellers/:id/payments.csv', async (req, res) => {
    const { seller } = await scopedSeller(db, req, req.params.id, 'seller', 'marketplace_admin');
    const query = parseQuery(sellerPaymentsCsvQuerySchema, req.query);
    res.set(CSV_DOWNLOAD).send(await paymentsCsv(db, { sellerId: seller.id }, query));
  });

  return router;
}

const receiptUrlOf = (paymentId: string) => `/v1/payments/${paymentId}/receipt.pdf`;
