// Spend per campaign per day, read from the ledger: days are calendar days in the marketplace's
// time zone, grouped and summed in SQL. Managed sellers' spend is included: it is still spend.
import type { Database } from '../db/client';
import type { MicrosTotal } from '../rules';

export interface DailyCampaignSpend {
  /** Local calendar day, YYYY-MM-DD. */
  date: string;
  campaignId: string;
  /** A day of spend can pass 2^53 micros: a decimal string, exact. */
  spendMicros: MicrosTotal;
  events: number;
}

/** Days from `fromDate` to `toDate` inclusive (YYYY-MM-DD, local to `timeZone`). */
export async function dailySpendByCampaign(
  db: Database,
  query: { sellerId: string; timeZone: string; fromDate: string; toDate: string },
): Promise<DailyCampaignSpend[]> {
  const { sellerId, timeZone, fromDate, toDate } = query;
  // occurred_at holds UTC wall time; the bounds are local midnights turned into the same form.
  const rows = await db.$queryRaw<
    Array<{ day: string; campaign_id: string; micros: string; events: bigint }>
  >`
    SELECT to_char((occurred_at AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day,
      campaign_id::text, sum(amount_micros)::text AS micros, count(*) AS events
    FROM spend_events
    WHERE seller_id = ${sellerId}::uuid
      AND occurred_at >= (${fromDate}::date::timestamp AT TIME ZONE ${timeZone}) AT TIME ZONE 'UTC'
      AND occurred_at < ((${toDate}::date + 1)::timestamp AT TIME ZONE ${timeZone}) AT TIME ZONE 'UTC'
    GROUP BY 1, 2
    ORDER BY 1, 2`;
  return rows.map((row) => ({
    date: row.day,
    campaignId: row.campaign_id,
    spendMicros: row.micros,
    events: Number(row.events),
  }));
}
