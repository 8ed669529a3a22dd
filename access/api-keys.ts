// API keys: random bearer tokens stored only as SHA-256 hashes, each with a role and a scope.
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/client';

export type Role = 'platform' | 'marketplace_admin' | 'seller' | 'ingest';

export interface Principal {
  apiKeyId: string;
  role: Role;
  marketplaceId: string | null;
  sellerId: string | null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Creates a key and returns its plain text, which is shown once and never stored. */
export async function issueApiKey(
  db: Pick<Database, 'apiKey'>,
  scope: { role: Role; marketplaceId?: string; sellerId?: string; label?: string },
): Promise<string> {
  const key = `sk_${scope.role}_${randomBytes(24).toString('base64url')}`;
  await db.apiKey.create({
    data: {
      keyHash: hashApiKey(key),
      prefix: key.slice(0, 12),
      role: scope.role,
      marketplaceId: scope.marketplaceId ?? null,
      sellerId: scope.sellerId ?? null,
      label: scope.label ?? null,
    },
  });
  return key;
}

export async function principalForKey(db: Database, key: string): Promise<Principal | null> {
  const row = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } });
  if (!row || row.revokedAt) return null;
  return {
    apiKeyId: row.id,
    role: row.role as Role,
    marketplaceId: row.marketplaceId,
    sellerId: row.sellerId,
  };
}
