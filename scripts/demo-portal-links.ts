// Fresh portal links for the demo marketplace's admin and seller, printed by `npm start` next to
// the other addresses (single use, valid for 15 minutes, like any portal link).
import fs from 'node:fs';
import { mintPortalLink, portalEntryUrl } from '../access/portal-access';
import type { Database } from '../db/client';
import type { DemoCredentials } from './demo-data';

export async function demoPortalLinks(
  db: Database,
  credentialsFile: string,
  publicUrl: string,
): Promise<{ admin: string; seller: string } | null> {
  if (!fs.existsSync(credentialsFile)) return null;
  const demo = JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as DemoCredentials;
  const { marketplaceId, sellerId } = demo;
  const admin = await mintPortalLink(db, {
    role: 'marketplace_admin',
    marketplaceId,
    sellerId: null,
  });
  const seller = await mintPortalLink(db, { role: 'seller', marketplaceId, sellerId });
  return {
    admin: portalEntryUrl(publicUrl, admin.token),
    seller: portalEntryUrl(publicUrl, seller.token),
  };
}
