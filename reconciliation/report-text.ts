// What the admin's notification and e-mail say when a day's reconciliation found differences.
import { formatMinor } from '../rules';
import type { Difference } from './compare';

/** Listed one per line in the e-mail; the page shows them all. */
const LISTED_DIFFERENCES = 20;

const WHAT: Record<Difference['kind'], string> = {
  missing_at_gateway: 'in our records, not at the gateway',
  missing_in_database: 'at the gateway, not in our records',
  amount_mismatch: 'amounts differ',
  status_mismatch: 'statuses differ',
};

function amountOf(amountMinor: number | null, currency: string): string {
  return amountMinor === null ? '-' : formatMinor(amountMinor, currency);
}

export function reconciliationReport(run: {
  day: string;
  gateway: string;
  marketplaceName: string;
  differences: readonly Difference[];
  pageUrl: string;
}): { subject: string; body: string } {
  const lines = run.differences.slice(0, LISTED_DIFFERENCES).map((difference) => {
    const ours = `ours ${amountOf(difference.ourAmountMinor, difference.currency)} ${difference.ourStatus ?? '-'}`;
    const theirs = `gateway ${amountOf(difference.gatewayAmountMinor, difference.currency)} ${difference.gatewayStatus ?? '-'}`;
    return `- ${difference.recordKind} ${difference.gatewayId}: ${WHAT[difference.kind]} (${ours}, ${theirs})`;
  });
  const more = run.differences.length - lines.length;
  return {
    subject: `Reconciliation of ${run.day}: ${run.differences.length} difference(s) with the ${run.gateway} gateway`,
    body: [
      `The daily reconciliation of ${run.marketplaceName} for ${run.day} found records that do not agree with the ${run.gateway} gateway. Nothing was changed: look into each one.`,
      ...lines,
      ...(more > 0 ? [`…and ${more} more.`] : []),
      `All of them: ${run.pageUrl}`,
    ].join('\n'),
  };
}
