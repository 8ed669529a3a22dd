// Records what the seller's billing workflow took off unbilled spend for a credit (R14): applied,
// with the next credit-note number, or lapsed when nothing whole was unbilled. Then the seller and
// the admins are told and `credit.issued` goes to the marketplace's webhooks. Retried as an
// activity, it numbers a credit once and notifies once (the notify dedupe key).
import type { Database } from '../db/client';
import type { Credit } from '../generated/prisma';
import type { AppliedCredit, NotifyRequest } from '../workflows/activity-contracts';
import { takeCreditNoteNumber } from './credit-notes';

export interface ApplyCreditDependencies {
  db: Database;
  notify: (request: NotifyRequest) => Promise<void>;
}

export async function recordCreditApplied(
  deps: ApplyCreditDependencies,
  applied: AppliedCredit,
): Promise<Credit> {
  const credit = await deps.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM credits WHERE id = ${applied.creditId}::uuid FOR UPDATE`;
    const current = await tx.credit.findUniqueOrThrow({ where: { id: applied.creditId } });
    if (current.status !== 'pending') return current;
    const appliedAt = new Date();
    if (applied.appliedMinor === 0) {
      return tx.credit.update({
        where: { id: current.id },
        data: { status: 'lapsed', appliedMinor: 0n, appliedAt },
      });
    }
    return tx.credit.update({
      where: { id: current.id },
      data: {
        status: 'applied',
        appliedMinor: BigInt(applied.appliedMinor),
        appliedAt,
        creditNoteNumber: await takeCreditNoteNumber(tx, current.marketplaceId),
      },
    });
  });
  if (credit.status === 'applied' && credit.creditNoteNumber !== null) {
    await deps.notify({
      marketplaceId: credit.marketplaceId,
      sellerId: credit.sellerId,
      dedupeKey: `credit:${credit.id}`,
      event: {
        kind: 'credit_issued',
        creditId: credit.id,
        amountMinor: Number(credit.appliedMinor),
        currency: credit.currency,
        creditNoteNumber: credit.creditNoteNumber,
        reason: credit.reason,
      },
    });
  }
  return credit;
}
