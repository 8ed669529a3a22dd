// The seller's pages under /portal/sellers/:id: each parses its form, checks the session is that
// seller's, runs the same command or query the API runs, and redirects (POST-redirect-GET).
import { Router } from 'express';
import { z } from 'zod';
import { createCampaign, pauseCampaign, resumeCampaign } from '../../campaigns/commands';
import { campaignsOfSeller, campaignWithSeller } from '../../campaigns/queries';
import { DomainError, notFoundError } from '../../domain/errors';
import { nameSchema, text } from '../../domain/text-schemas';
import { paymentAwaitingAuthentication } from '../../payments/authentication';
import { setBackupCharging } from '../../payments/backup-cards';
import { confirmCard } from '../../payments/card-confirmation';
import { readyCardOwner, savedCardOf, savedCardsOf } from '../../payments/card-owners';
import {
  makeDefaultCard,
  removeCard,
  startCardSetup,
  type CardDependencies,
} from '../../payments/saved-cards';
import { billingCycleContaining, cardExpiresBeforeCycleEnd } from '../../rules';
import { sellerBilling } from '../../sellers/queries';
import type { PagesDependencies } from '../dependencies';
import { command, parseForm } from '../forms';
import { noticeOf } from '../notice';
import { sendPage } from '../render';
import { ownSeller, pathId } from '../scope';
import { AddCardPage, type CardEntry } from './add-card';
import { CampaignsPage } from './campaigns';
import { CardsPage } from './cards';
import { OverviewPage } from './overview';

const cardForm = z.object({
  /** Simulated gateway: a test card number, spaces allowed as people type them. */
  card: text().max(64).optional(),
  /** Stripe: the SetupIntent the Payment Element confirmed. */
  setupIntentId: text().max(255).optional(),
});

const backupChargingForm = z.object({ enabled: z.enum(['on', 'off']) });

export function sellerPagesRouter(deps: PagesDependencies): Router {
  const { db } = deps;
  const { gateway } = deps.payments;
  const cards: CardDependencies = { ...deps, gateway };
  const router = Router();

  router.get('/sellers/:id', async (req, res) => {
    const { page, seller } = await ownSeller(db, req);
    const { state } = await sellerBilling(deps, seller);
    const saved = await savedCardsOf(db, seller.id);
    sendPage(
      res,
      <OverviewPage
        page={page}
        seller={seller}
        billing={state}
        awaitingAuthentication={await paymentAwaitingAuthentication(db, seller.id)}
        defaultCard={saved.find((card) => card.isDefault)}
        notice={noticeOf(req, page.t)}
      />,
    );
  });

  router.get('/sellers/:id/cards', async (req, res) => {
    const { page, seller } = await ownSeller(db, req);
    const { endsAtMs } = billingCycleContaining(Date.now(), seller.marketplace.timeZone);
    const rows = (await savedCardsOf(db, seller.id)).map((card) => ({
      card,
      expiresBeforeCycleEnd: cardExpiresBeforeCycleEnd(card, endsAtMs),
    }));
    sendPage(
      res,
      <CardsPage
        page={page}
        sellerId={seller.id}
        cards={rows}
        backupCharging={seller.backupCharging}
        notice={noticeOf(req, page.t)}
      />,
    );
  });

  router.post('/sellers/:id/cards/backup-charging', async (req, res) => {
    const { seller } = await ownSeller(db, req);
    const back = `/portal/sellers/${seller.id}/cards`;
    await command(res, back, back, async () => {
      const form = parseForm(backupChargingForm, req.body, 'invalid_form');
      const { owner } = await readyCardOwner(db, seller.id);
      const enabled = await setBackupCharging(db, owner.sellerId, form.enabled === 'on');
      return enabled ? 'backup_charging_on' : 'backup_charging_off';
    });
  });

  router.get('/sellers/:id/cards/new', async (req, res) => {
    const { page, seller } = await ownSeller(db, req);
    const entry = await cardEntry(seller.id);
    sendPage(
      res,
      <AddCardPage page={page} sellerId={seller.id} entry={entry} notice={noticeOf(req, page.t)} />,
      { policy: entry.mode === 'stripe' ? 'stripe' : 'strict' },
    );
  });

  router.post('/sellers/:id/cards', async (req, res) => {
    const { seller } = await ownSeller(db, req);
    const base = `/portal/sellers/${seller.id}`;
    await command(res, `${base}/cards/new`, `${base}/cards`, async () => {
      const form = parseForm(cardForm, req.body, 'invalid_card');
      if (gateway.testCards) {
        const setupIntent = await startCardSetup(
          cards,
          (await readyCardOwner(db, seller.id)).owner,
        );
        // Read after the set-up, which may have made the seller's Customer.
        const { owner } = await readyCardOwner(db, seller.id);
        const card = (form.card ?? '').replace(/[\s-]/g, '');
        await confirmCard(cards, owner, { setupIntentId: setupIntent.setupIntentId, card });
      } else {
        if (!form.setupIntentId) throw new DomainError(400, 'invalid_card', 'No SetupIntent');
        const { owner } = await readyCardOwner(db, seller.id);
        await confirmCard(cards, owner, { setupIntentId: form.setupIntentId });
      }
      return 'card_added';
    });
  });

  router.post('/sellers/:id/cards/:pmId/default', async (req, res) => {
    const { seller } = await ownSeller(db, req);
    const back = `/portal/sellers/${seller.id}/cards`;
    await command(res, back, back, async () => {
      const { owner } = await readyCardOwner(db, seller.id);
      await makeDefaultCard(cards, owner, await savedCardOf(db, owner, pathId(req.params.pmId)));
      return 'card_default';
    });
  });

  router.post('/sellers/:id/cards/:pmId/remove', async (req, res) => {
    const { seller } = await ownSeller(db, req);
    const back = `/portal/sellers/${seller.id}/cards`;
    await command(res, back, back, async () => {
      const { owner } = await readyCardOwner(db, seller.id);
      await removeCard(cards, owner, await savedCardOf(db, owner, pathId(req.params.pmId)));
      return 'card_removed';
    });
  });

  router.get('/sellers/:id/campaigns', async (req, res) => {
    const { page, seller } = await ownSeller(db, req);
    const campaigns = await campaignsOfSeller(db, seller.id);
    sendPage(
      res,
      <CampaignsPage
        page={page}
        sellerId={seller.id}
        campaigns={campaigns}
        notice={noticeOf(req, page.t)}
      />,
    );
  });

  router.post('/sellers/:id/campaigns', async (req, res) => {
    const { seller } = await ownSeller(db, req);
    const back = `/portal/sellers/${seller.id}/campaigns`;
    await command(res, back, back, async () => {
      const form = parseForm(z.object({ name: nameSchema }), req.body, 'invalid_name');
      await createCampaign(deps, seller, form.name);
      return 'campaign_created';
    });
  });

  for (const action of ['pause', 'resume'] as const) {
    router.post(`/sellers/:id/campaigns/:campaignId/${action}`, async (req, res) => {
      const { seller } = await ownSeller(db, req);
      const back = `/portal/sellers/${seller.id}/campaigns`;
      const campaign = await campaignWithSeller(db, pathId(req.params.campaignId));
      if (!campaign || campaign.sellerId !== seller.id) throw notFoundError('Campaign');
      await command(res, back, back, async () => {
        if (action === 'pause') await pauseCampaign(deps, campaign);
        else await resumeCampaign(deps, campaign);
        return action === 'pause' ? 'campaign_paused' : 'campaign_resumed';
      });
    });
  }

  async function cardEntry(sellerId: string): Promise<CardEntry> {
    if (gateway.testCards) return { mode: 'simulated' };
    const publishableKey = deps.portal?.stripePublishableKey;
    if (!publishableKey) return { mode: 'unavailable' };
    const { owner } = await readyCardOwner(db, sellerId);
    const setupIntent = await startCardSetup(cards, owner);
    return {
      mode: 'stripe',
      publishableKey,
      connectedAccountId: owner.connectedAccountId,
      clientSecret: setupIntent.clientSecret,
      setupIntentId: setupIntent.setupIntentId,
    };
  }

  return router;
}
