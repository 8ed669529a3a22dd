// Registers the billing search attributes on a namespace so operators can filter workflows by
// marketplace, seller and billing status. Idempotent.
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { BILLING_SEARCH_ATTRIBUTES } from '../workflows/ids';

export async function registerBillingSearchAttributes(
  connection: Connection,
  namespace: string,
): Promise<void> {
  const searchAttributes = Object.fromEntries(
    Object.keys(BILLING_SEARCH_ATTRIBUTES).map((name) => [
      name,
      temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    ]),
  );
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (error) {
    if (!/already exists/i.test((error as Error).message)) throw error;
  }
}
