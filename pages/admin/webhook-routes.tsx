// The admin's webhook pages: the endpoints, adding one (the API's address checks: public https
// only; its signing secret shown once), disabling one, and one endpoint's latest deliveries. The same commands as the API.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { notFoundError } from '../../domain/errors';
import { MAX_WEBHOOK_URL_LENGTH } from '../../webhooks/endpoint-url';
import {
  disableEndpoint,
  endpointOf,
  endpointsOf,
  latestDeliveries,
  registerEndpoint,
} from '../../webhooks/endpoints';
import type { PagesDependencies } from '../dependencies';
import { answerAfter, command, parseForm } from '../forms';
import { noticeOf } from '../notice';
import { sendPage } from '../render';
import { adminsMarketplace } from '../scope';
import { WebhookAddedPage, WebhookEndpointPage, WebhooksPage } from './webhooks';

const endpointForm = z.object({ url: z.url().max(MAX_WEBHOOK_URL_LENGTH) });

export function webhookPagesRouter(deps: PagesDependencies): Router {
  const { db } = deps;
  const router = Router();
  const listOf = (marketplaceId: string) => `/portal/marketplaces/${marketplaceId}/webhooks`;

  router.get('/marketplaces/:id/webhooks', async (req, res) => {
    const { page, marketplace } = await adminsMarketplace(db, req, req.params.id);
    const endpoints = await endpointsOf(db, marketplace.id);
    sendPage(
      res,
      <WebhooksPage
        page={page}
        marketplace={marketplace}
        endpoints={endpoints}
        notice={noticeOf(req, page.t)}
      />,
    );
  });

  /** The answer shows the signing secret, once (as the API's does): it is never shown again. */
  router.post('/marketplaces/:id/webhooks', async (req, res) => {
    const { page, marketplace } = await adminsMarketplace(db, req, req.params.id);
    await answerAfter(res, listOf(marketplace.id), async () => {
      const { url } = parseForm(endpointForm, req.body, 'webhook_url_not_allowed');
      const endpoint = await registerEndpoint({ db, policy: deps.webhooks }, marketplace.id, url);
      sendPage(
        res,
        <WebhookAddedPage page={page} marketplace={marketplace} endpoint={endpoint} />,
        {
          status: 201,
        },
      );
    });
  });

  router.get('/marketplaces/:id/webhooks/:endpointId', async (req, res) => {
    const { page, marketplace, endpoint } = await adminsEndpoint(req);
    const deliveries = await latestDeliveries(db, endpoint);
    sendPage(
      res,
      <WebhookEndpointPage
        page={page}
        marketplace={marketplace}
        endpoint={endpoint}
        deliveries={deliveries}
      />,
    );
  });

  router.post('/marketplaces/:id/webhooks/:endpointId/disable', async (req, res) => {
    const { marketplace, endpoint } = await adminsEndpoint(req);
    const back = listOf(marketplace.id);
    await command(res, back, back, async () => {
      await disableEndpoint(db, endpoint);
      return 'webhook_disabled';
    });
  });

  async function adminsEndpoint(req: Request<{ id: string; endpointId: string }>) {
    const { page, marketplace } = await adminsMarketplace(db, req, req.params.id);
    if (!z.uuid().safeParse(req.params.endpointId).success) throw notFoundError('Webhook endpoint');
    return {
      page,
      marketplace,
      endpoint: await endpointOf(db, marketplace.id, req.params.endpointId),
    };
  }

  return router;
}
