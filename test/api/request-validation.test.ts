// Unknown fields are refused everywhere, naming the field: in bodies validated by a schema, in
// commands that take no body, and in query strings; nothing is written.
import { clientFor, keyFor, useDatabaseAndApi } from '../support/api';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';

const context = useDatabaseAndApi();

test('unknown fields answer 400 with the field, and change nothing', async () => {
  const { db } = context.database;
  const marketplace = await createMarketplace(db);
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id);
  const sellerCall = clientFor(
    context.api,
    await keyFor(db, 'seller', { marketplaceId: marketplace.id, sellerId: seller.id }),
  );
  const admin = clientFor(
    context.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  const campaignId = campaigns[0]?.id as string;

  expect(await sellerCall('POST', `/v1/campaigns/${campaignId}/pause`, { force: true })).toEqual({
    status: 400,
    body: {
      error: {
        code: 'invalid_request',
        message: expect.any(String),
        field: 'force',
        requestId: expect.any(String),
      },
    },
  });
  expect(
    (await admin('PATCH', `/v1/marketplaces/${marketplace.id}/payment-settings`, { limit: 1 })).body
      .error,
  ).toMatchObject({ field: 'limit' });
  expect(
    (await admin('GET', `/v1/marketplaces/${marketplace.id}/payments?page=2`)).body.error,
  ).toMatchObject({ field: 'page' });
  expect(await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).toMatchObject({
    status: 'active',
  });
});
