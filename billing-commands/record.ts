// Writing billing commands: called inside the transaction that makes the change, so a change a
// workflow must learn is never committed without its command (the outbox half of the path).
import { Prisma } from '../generated/prisma';
import type { BillingCommandKind } from '../workflows/messages';

/** Whom a command is for: the given sellers of a marketplace, or all of its sellers. */
export interface CommandTarget {
  marketplaceId: string;
  sellerIds?: string[];
}

/**
 * Writes one command per self-service seller of the target and raises those sellers' config
 * version in the same statement; sellers that are not self-service get none (their workflow
 * reads the stored settings when it starts). Returns the ids of the commands written.
 */
export async function recordBillingCommands(
  tx: Prisma.TransactionClient,
  target: CommandTarget,
  kind: BillingCommandKind,
): Promise<string[]> {
  const onlySellers = target.sellerIds
    ? Prisma.sql`AND id = ANY(${target.sellerIds}::uuid[])`
    : Prisma.empty;
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    WITH raised AS (
      UPDATE sellers SET billing_config_version = billing_config_version + 1
      WHERE marketplace_id = ${target.marketplaceId}::uuid AND billing_mode = 'self_service'
        ${onlySellers}
      RETURNING id, marketplace_id
    )
    INSERT INTO billing_commands (marketplace_id, seller_id, kind)
    SELECT marketplace_id, id, ${kind} FROM raised
    RETURNING id`;
  return rows.map((row) => row.id);
}
