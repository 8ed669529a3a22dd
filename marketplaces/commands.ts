// The platform's marketplace commands: create one with its first admin and ingest keys (shown
// once, never stored in plain text), and enable Payments for it (R1).
import { issueApiKey } from '../access/api-keys';
import type { Database } from '../db/client';
import type { Marketplace } from '../generated/prisma';

export interface NewMarketplace {
  name: string;
  currency?: string | undefined;
  timeZone?: string | undefined;
  adminEmail?: string | undefined;
}

export function openMarketplace(
  db: Database,
  request: NewMarketplace,
): Promise<{ marketplace: Marketplace; adminKey: string; ingestKey: string }> {
  return db.$transaction(async (tx) => {
    const marketplace = await tx.marketplace.create({ data: request });
    const scope = { marketplaceId: marketplace.id };
    return {
      marketplace,
      adminKey: await issueApiKey(tx, {
        role: 'marketplace_admin',
        ...scope,
        label: 'first admin',
      }),
      ingestKey: await issueApiKey(tx, { role: 'ingest', ...scope, label: 'ad server' }),
    };
  });
}

export function enablePayments(db: Database, marketplaceId: string): Promise<Marketplace> {
  return db.marketplace.update({ where: { id: marketplaceId }, data: { paymentsEnabled: true } });
}
