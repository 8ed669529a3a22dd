// Backoff of the e-mail and webhook retries: base × 2^(attempt−1), capped; given up after a maximum.
export interface RetryPolicy {
  /** Wait before the second attempt; each later wait doubles. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this many failed attempts the item is given up (and stays recorded). */
  maxAttempts: number;
}

export function retryDelayMs(policy: RetryPolicy, attemptsMade: number): number {
  return Math.min(policy.baseDelayMs * 2 ** Math.max(attemptsMade - 1, 0), policy.maxDelayMs);
}
