// Dunning dates: after a failed charge the card is retried on the marketplace's schedule, in days
// counted from the first failure; once the schedule is used up the seller is delinquent (R7).
import { DAY_MS } from './time';

/**
 * Scheduled retries made once this failure is counted: the initial failure makes 0, each
 * scheduled retry adds one, and an attempt the seller triggered by updating its card adds none
 * (it leaves the next scheduled retry where it was).
 */
export function scheduledRetriesDoneAfter(
  previouslyDone: number | null,
  triggeredByCardUpdate: boolean,
): number {
  return (previouslyDone ?? -1) + (triggeredByCardUpdate ? 0 : 1);
}

/**
 * When the next scheduled retry runs, or null when the schedule is used up. A retry whose day has
 * already passed (a late card-update failure) runs now rather than in the past.
 */
export function nextDunningRetryAtMs(
  scheduleDays: readonly number[],
  scheduledRetriesDone: number,
  firstFailedAtMs: number,
  nowMs: number,
): number | null {
  const offsetDays = scheduleDays[scheduledRetriesDone];
  if (offsetDays === undefined) return null;
  return Math.max(nowMs, firstFailedAtMs + offsetDays * DAY_MS);
}
