// Graduated credit limits (R12): which step of a marketplace's ladder a seller has earned, and
// which step comes next. The base is the seller's stored limit (the marketplace default); the
// steps are the limits above it, increasing, the last one the maximum the admin allows.

export interface CreditLadder {
  /** Limits in minor units, increasing; the last is the highest a seller can reach. */
  stepsMinor: number[];
  /** Consecutive successful charges that earn the next step. */
  chargesPerStep: number;
}

/** The most steps a ladder has. */
export const MAX_CREDIT_LADDER_STEPS = 10;

/** The most consecutive charges a step can ask for (two years of monthly charges). */
export const MAX_CREDIT_LADDER_CHARGES_PER_STEP = 24;

/**
 * The limit a seller holds on the ladder: the highest step above the base it has earned, or the
 * base. A step the admin has since removed or lowered below what was earned is never exceeded.
 */
export function ladderLimitMinor(
  baseMinor: number,
  ladder: CreditLadder | null,
  earnedMinor: number | null,
): number {
  if (!ladder || earnedMinor === null) return baseMinor;
  return ladder.stepsMinor.reduce(
    (held, step) => (step > held && step <= earnedMinor ? step : held),
    baseMinor,
  );
}

/** The step above `currentMinor`, or null at the top of the ladder. */
export function nextLadderStepMinor(ladder: CreditLadder, currentMinor: number): number | null {
  return ladder.stepsMinor.find((step) => step > currentMinor) ?? null;
}
