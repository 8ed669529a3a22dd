// Portal links and sessions: a single-use link, minted for the scope of the key that asked for it,
// is exchanged once for a session; both are random tokens stored only as SHA-256 hashes.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/client';

export const PORTAL_LINK_TTL_MS = 15 * 60_000;
export const PORTAL_SESSION_TTL_MS = 12 * 60 * 60_000;

/** Whom a link or session admits: the admin of a marketplace, or one seller of it. */
export type PortalScope =
  | { role: 'marketplace_admin'; marketplaceId: string; sellerId: null }
  | { role: 'seller'; marketplaceId: string; sellerId: string };

export interface PortalSession {
  scope: PortalScope;
  /** The cookie's value, known only to the browser and this request. */
  token: string;
  expiresAt: Date;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** Mints a link token for the scope; its plain text is answered once and never stored. */
export async function mintPortalLink(
  db: Pick<Database, 'portalLink'>,
  scope: PortalScope,
  nowMs = Date.now(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = `pl_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(nowMs + PORTAL_LINK_TTL_MS);
  await db.portalLink.create({ data: { tokenHash: sha256(token), ...scope, expiresAt } });
  return { token, expiresAt };
}

/** The address that opens a link: the product's public address, then the entry page. */
export function portalEntryUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/portal/enter?token=${encodeURIComponent(token)}`;
}

/**
 * Uses the link (at most once, before it expires) and opens a session with its scope; null when
 * the link is unknown, used or expired.
 */
export async function enterWithLink(
  db: Database,
  linkToken: string,
  nowMs = Date.now(),
): Promise<PortalSession | null> {
  const now = new Date(nowMs);
  return db.$transaction(async (tx) => {
    const tokenHash = sha256(linkToken);
    const used = await tx.portalLink.updateMany({
      where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (used.count !== 1) return null;
    // Expired links and sessions admit no one: whoever enters sweeps them away.
    await tx.portalLink.deleteMany({ where: { expiresAt: { lte: now } } });
    await tx.portalSession.deleteMany({ where: { expiresAt: { lte: now } } });
    const link = await tx.portalLink.findUniqueOrThrow({ where: { tokenHash } });
    const scope = scopeOf(link);
    const token = `ps_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(nowMs + PORTAL_SESSION_TTL_MS);
    await tx.portalSession.create({ data: { sessionHash: sha256(token), ...scope, expiresAt } });
    return { scope, token, expiresAt };
  });
}

/** The session a cookie names, if it has not expired. */
export async function portalSessionOf(
  db: Pick<Database, 'portalSession'>,
  token: string,
  nowMs = Date.now(),
): Promise<PortalSession | null> {
  const row = await db.portalSession.findUnique({ where: { sessionHash: sha256(token) } });
  if (!row || row.expiresAt.getTime() <= nowMs) return null;
  return { scope: scopeOf(row), token, expiresAt: row.expiresAt };
}

export async function endPortalSession(
  db: Pick<Database, 'portalSession'>,
  token: string,
): Promise<void> {
  await db.portalSession.deleteMany({ where: { sessionHash: sha256(token) } });
}

/**
 * The session's anti-forgery token: an HMAC keyed by the session's own secret, which another
 * site can neither read nor derive, so no server secret is needed.
 */
export function csrfTokenOf(session: PortalSession): string {
  return createHmac('sha256', session.token).update('portal-csrf').digest('base64url');
}

export function isCsrfTokenOf(session: PortalSession, candidate: unknown): boolean {
  if (typeof candidate !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(session));
  const given = Buffer.from(candidate);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function scopeOf(row: {
  role: string;
  marketplaceId: string;
  sellerId: string | null;
}): PortalScope {
  if (row.role === 'seller' && row.sellerId) {
    return { role: 'seller', marketplaceId: row.marketplaceId, sellerId: row.sellerId };
  }
  return { role: 'marketplace_admin', marketplaceId: row.marketplaceId, sellerId: null };
}
