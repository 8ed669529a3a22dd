// What the webhook tests share: a marketplace with its admin client.
import { clientFor, keyFor, type RunningApi } from '../support/api';
import type { TestDatabase } from '../support/database';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';

export async function adminOfNewMarketplace(context: { database: TestDatabase; api: RunningApi }) {
  const db = context.database.db;
  const marketplace = await createMarketplace(db);
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id, {
    campaigns: 2,
  });
  const admin = clientFor(
    context.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  const path = `/v1/marketplaces/${marketplace.id}/webhooks`;
  return { marketplace, seller, campaigns, admin, path };
}
