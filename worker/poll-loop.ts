// The worker's background loops (spend relay, e-mail dispatcher, webhook deliverer) share one
// shape: run a pass, wait the poll interval, until stopped. A failed pass is logged and retried
// at the next interval, so a database or network blip never ends a loop.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../observability/logger';

export interface PollingLoop {
  policy: { pollIntervalMs: number };
  pass(): Promise<unknown>;
}

/** Runs `loop`'s passes until `stop` aborts; `failure` is the log message of a failed pass. */
export async function runPasses(
  loop: PollingLoop,
  stop: AbortSignal,
  logger: Logger,
  failure: string,
): Promise<void> {
  while (!stop.aborted) {
    try {
      await loop.pass();
    } catch (error) {
      logger.error({ err: error }, failure);
    }
    await sleep(loop.policy.pollIntervalMs, undefined, { signal: stop }).catch(() => undefined);
  }
}
