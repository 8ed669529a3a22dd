// The payment pages: the seller's and the admin's history (filters, pages, CSV), each receipt
// to view or download, and the seller's page to authenticate a charge waiting for 3-D Secure.
// Each runs the same query or command the API runs.
import { Router, type Request } from 'express';
import type { Marketplace } from '../../generated/prisma';
import { notFoundError } from '../../domain/errors';
import {
  confirmSimulatedAuthentication,
  pendingAuthentication,
} from '../../payments/authentication';
import { paymentById, paymentsPage } from '../../payments/history';
import { CSV_DOWNLOAD, paymentsCsv } from '../../payments/history-csv';
import { creditById, latestCreditNoteLines, refundById } from '../../credits/history';
import { creditNoteFile } from '../../receipts/credit-note-pdf';
import { receiptFile } from '../../receipts/receipt-pdf';
import { adminSections, sellerSections, type Sections } from '../components/sections';
import type { PageContext } from '../context';
import type { PagesDependencies } from '../dependencies';
import { command } from '../forms';
import { noticeOf } from '../notice';
import { sendPage } from '../render';
import { ownMarketplace, ownSeller, pathId } from '../scope';
import { AuthenticatePage, type AuthenticationEntry } from './authenticate';
import { HistoryPage } from './history';
import { historyFilterOf } from './history-filter';

export const PAYMENTS_PER_PAGE = 25;

/** A credit or refund list's owner: the seller's own, or the whole marketplace's. */
function creditOwnerOf(owner: { marketplaceId: string; sellerId?: string }) {
  return owner.sellerId ? { sellerId: owner.sellerId } : { marketplaceId: owner.marketplaceId };
}

/** Whose history a page shows: a seller's, or a whole marketplace's. */
interface HistoryOwner {
  page: PageContext;
  marketplace: Marketplace;
  owner: { marketplaceId: string; sellerId?: string };
  base: string;
  nav: Sections;
}

export function paymentPagesRouter(deps: PagesDependencies): Router {
  const { db } = deps;
  const { gateway } = deps.payments;
  const router = Router();

  async function sellerOwner(req: Request<{ id: string }>): Promise<HistoryOwner> {
    const { page, seller } = await ownSeller(db, req);
    return {
      page,
      marketplace: seller.marketplace,
      owner: { marketplaceId: seller.marketplaceId, sellerId: seller.id },
      base: `/portal/sellers/${seller.id}/payments`,
      nav: sellerSections(page, seller.id, 'payments'),
    };
  }

  async function adminOwner(req: Request<{ id: string }>): Promise<HistoryOwner> {
    const { page, marketplace } = await ownMarketplace(db, req);
    return {
      page,
      marketplace,
      owner: { marketplaceId: marketplace.id },
      base: `/portal/marketplaces/${marketplace.id}/payments`,
      nav: adminSections(page, marketplace.id, 'payments'),
    };
  }

  for (const [path, ownerOf] of [
    ['/sellers/:id/payments', sellerOwner],
    ['/marketplaces/:id/payments', adminOwner],
  ] as const) {
    router.get(path, async (req, res) => {
      const history = await ownerOf(req);
      const { page, marketplace, owner } = history;
      const { choice, filter } = historyFilterOf(req.query, marketplace.timeZone);
      const { items, nextCursor } = await paymentsPage(db, owner, {
        ...filter,
        limit: PAYMENTS_PER_PAGE,
      });
      const creditNotes = await latestCreditNoteLines(db, creditOwnerOf(owner), PAYMENTS_PER_PAGE);
      const sellerNames = owner.sellerId
        ? null
        : await sellerNamesOf([...items, ...creditNotes].map((p) => p.sellerId));
      sendPage(
        res,
        <HistoryPage
          {...history}
          payments={items}
          creditNotes={creditNotes}
          sellerNames={sellerNames}
          canAuthenticate={owner.sellerId !== undefined}
          choice={choice}
          nextCursor={nextCursor}
          paged={filter.cursor !== undefined}
          notice={noticeOf(req, page.t)}
        />,
      );
    });

    router.get(`${path}.csv`, async (req, res) => {
      const { marketplace, owner } = await ownerOf(req);
      const { filter } = historyFilterOf(req.query, marketplace.timeZone);
      res.set(CSV_DOWNLOAD).send(await paymentsCsv(db, owner, filter));
    });

    router.get(`${path}/credit-notes/:kind/:noteId`, async (req, res) => {
      const { owner } = await ownerOf(req);
      const kind = req.params.kind === 'credit' ? 'credit' : 'refund';
      const id = pathId(req.params.noteId);
      const row = kind === 'credit' ? await creditById(db, id) : await refundById(db, id);
      const mine =
        row?.marketplaceId === owner.marketplaceId &&
        (owner.sellerId === undefined || row.sellerId === owner.sellerId);
      const file = mine ? await creditNoteFile(db, kind, id, req.query.download === 'true') : null;
      if (!file) throw notFoundError('Credit note');
      res.status(200).set(file.headers).send(file.pdf);
    });

    router.get(`${path}/:paymentId/receipt`, async (req, res) => {
      const { owner } = await ownerOf(req);
      const payment = await ownPayment(owner, req.params.paymentId);
      const file = await receiptFile(db, payment.id, req.query.download === 'true');
      if (!file) throw notFoundError('Receipt');
      res.status(200).set(file.headers).send(file.pdf);
    });
  }

  router.get('/sellers/:id/payments/:paymentId/authenticate', async (req, res) => {
    const history = await sellerOwner(req);
    const payment = await ownPayment(history.owner, req.params.paymentId);
    const entry = await authenticationEntry(payment);
    sendPage(
      res,
      <AuthenticatePage
        {...history}
        payment={payment}
        action={req.originalUrl.split('?')[0]!}
        entry={entry}
        notice={noticeOf(req, history.page.t)}
      />,
      { policy: entry.mode === 'stripe' ? 'stripe' : 'strict' },
    );
  });

  router.post('/sellers/:id/payments/:paymentId/authenticate', async (req, res) => {
    const { owner, base } = await sellerOwner(req);
    const payment = await ownPayment(owner, req.params.paymentId);
    await command(res, `${base}/${payment.id}/authenticate`, base, async () => {
      // With Stripe, Stripe.js has run the bank's check; its webhook settles the charge.
      if (!gateway.testCards) return 'payment_authenticating';
      await confirmSimulatedAuthentication({ ...deps, gateway }, payment);
      return 'payment_authenticated';
    });
  });

  /** The payment, if it is the owner's; any other finds nothing. */
  async function ownPayment(owner: HistoryOwner['owner'], id: string) {
    const payment = await paymentById(db, pathId(id));
    const mine =
      payment?.marketplaceId === owner.marketplaceId &&
      (owner.sellerId === undefined || payment.sellerId === owner.sellerId);
    if (!payment || !mine) throw notFoundError('Payment');
    return payment;
  }

  async function authenticationEntry(
    payment: Parameters<typeof pendingAuthentication>[1],
  ): Promise<AuthenticationEntry> {
    if (payment.status !== 'requires_action' || !payment.actionClientSecret)
      return { mode: 'none' };
    if (gateway.testCards) return { mode: 'simulated' };
    const publishableKey = deps.portal?.stripePublishableKey;
    if (!publishableKey) return { mode: 'unavailable' };
    const { clientSecret, connectedAccountId } = await pendingAuthentication(db, payment);
    return { mode: 'stripe', publishableKey, clientSecret, connectedAccountId };
  }

  async function sellerNamesOf(ids: string[]): Promise<Map<string, string>> {
    const sellers = await db.seller.findMany({
      where: { id: { in: [...new Set(ids)] } },
      select: { id: true, name: true },
    });
    return new Map(sellers.map((seller) => [seller.id, seller.name]));
  }

  return router;
}
