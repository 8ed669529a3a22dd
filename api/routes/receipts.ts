// A payment's documents: its PDF receipt for the seller and the marketplace's admins (R9), and,
// while a charge waits for 3-D Secure, what the seller's page needs to authenticate it (R7).
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { ApiDependencies } from '../app';
import { pendingAuthentication } from '../../payments/authentication';
import type { PaymentGateway } from '../../payments/gateway';
import { paymentById } from '../../payments/history';
import { receiptFile } from '../../receipts/receipt-pdf';
import { principalOf } from '../auth';
import { ApiError, notFound } from '../errors';
import type { RouteDoc } from '../openapi/route-doc';
import { isUuid } from '../scope';
import { amountSchema, currencyOutSchema, gatewayNameSchema, idSchema } from '../response-schemas';
import { parseQuery } from '../validation';

/** `?download=true` asks the browser to save the file rather than show it. */
export const receiptQuerySchema = z.strictObject({
  download: z.enum(['true', 'false']).optional(),
});

export const receiptsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/payments/:id/receipt.pdf',
    summary: 'A succeeded payment’s receipt (PDF), to view, or to download with ?download=true.',
    roles: ['seller', 'marketplace_admin'],
    query: receiptQuerySchema,
    responses: {
      200: { description: 'The receipt.', contentType: 'application/pdf' },
      404: 'No such payment, or no receipt.',
    },
  },
  {
    method: 'get',
    path: '/payments/:id/authentication',
    summary: 'What Stripe.js needs to authenticate a charge waiting for 3-D Secure.',
    roles: ['seller'],
    responses: {
      200: {
        description: 'The client secret.',
        schema: z.strictObject({
          gateway: gatewayNameSchema,
          paymentId: idSchema,
          paymentIntentId: z.string().nullable(),
          clientSecret: z.string(),
          connectedAccountId: z.string().nullable(),
          amountMinor: amountSchema.min(0),
          currency: currencyOutSchema,
        }),
      },
      409: 'No authentication required.',
    },
  },
];

export function receiptsRouter(deps: {
  db: ApiDependencies['db'];
  payments: { gateway: PaymentGateway };
}): Router {
  const { db } = deps;
  const router = Router();

  router.get('/payments/:id/receipt.pdf', async (req, res) => {
    const payment = await scopedPayment(db, req, 'seller', 'marketplace_admin');
    const { download } = parseQuery(receiptQuerySchema, req.query);
    const file = await receiptFile(db, payment.id, download === 'true');
    if (!file)
      throw new ApiError(
        404,
        'no_receipt',
        'This payment has not succeeded, so it has no receipt.',
      );
    res
      .status(200)
      .set({ ...file.headers, 'Payment-Gateway': payment.gateway })
      .send(file.pdf);
  });

  router.get('/payments/:id/authentication', async (req, res) => {
    const payment = await scopedPayment(db, req, 'seller');
    const { clientSecret, connectedAccountId } = await pendingAuthentication(db, payment);
    res.json({
      gateway: payment.gateway,
      paymentId: payment.id,
      paymentIntentId: payment.gatewayPaymentId,
      // `stripe.confirmCardPayment(clientSecret)` with Stripe.js on the connected account.
      clientSecret,
      connectedAccountId,
      amountMinor: Number(payment.amountMinor),
      currency: payment.currency,
    });
  });

  return router;
}

/** The payment if the caller's key covers it: its seller, or an admin of its marketplace. */
async function scopedPayment(
  db: ApiDependencies['db'],
  req: Request<{ id: string }>,
  ...roles: ('seller' | 'marketplace_admin')[]
) {
  const principal = principalOf(req, ...roles);
  const payment = isUuid(req.params.id) ? await paymentById(db, req.params.id) : null;
  const inScope =
    payment &&
    (principal.role === 'seller'
      ? payment.sellerId === principal.sellerId
      : payment.marketplaceId === principal.marketplaceId);
  if (!payment || !inScope) throw notFound('Payment');
  return payment;
}
