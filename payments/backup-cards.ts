// Backup cards (R13): which of a seller's saved cards are tried, and in which order, when its
// default card fails a charge, the idempotency key each attempt is made with, and the seller's
// switch that turns backup charging off.
import type { Database } from '../db/client';
import type { PaymentMethod } from '../generated/prisma';
import { cardExpiredAt } from '../rules';

/** The attempt on `card` for the charge `chargeKey`: its own key, derived from both. */
export function backupAttemptKey(chargeKey: string, card: Pick<PaymentMethod, 'id'>): string {
  return `${chargeKey}:backup:${card.id}`;
}

/**
 * The cards to try once the default failed: every other saved card that is neither removed nor
 * expired at `atMs`, the most recently added first (the card a seller saved last is the one it
 * most likely means to pay with). Every saved card was set up for off-session use (R4).
 */
export function backupCardOrder(
  cards: readonly PaymentMethod[],
  defaultCardId: string,
  atMs: number,
): PaymentMethod[] {
  return cards
    .filter((card) => card.id !== defaultCardId && card.removedAt === null)
    .filter((card) => !cardExpiredAt(card, atMs))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
}

/** The seller's switch for backup charging (on unless the seller turned it off). */
export async function setBackupCharging(
  db: Database,
  sellerId: string,
  enabled: boolean,
): Promise<boolean> {
  const seller = await db.seller.update({
    where: { id: sellerId },
    data: { backupCharging: enabled },
    select: { backupCharging: true },
  });
  return seller.backupCharging;
}
