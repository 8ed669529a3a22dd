// Bounds a call to Temporal in time and says plainly when Temporal cannot be reached, so a caller
// answers "try again shortly" at once instead of waiting out the client's own retries.
import { isGrpcDeadlineError, isGrpcServiceError, type Client } from '@temporalio/client';
import { DomainError } from '../domain/errors';

/** How long one of the API's calls to Temporal may take before Temporal counts as unavailable:
 * with the timer's grace below, a person hears 503 `temporal_unavailable` within 2 s. */
export const API_TEMPORAL_CALL_TIMEOUT_MS = 1_500;

/** The same bound for background callers (relays, scripts): they retry later anyway, so it only
 * keeps a call that hangs from holding a pass; a busy machine must not turn slow into failed. */
export const BACKGROUND_TEMPORAL_CALL_TIMEOUT_MS = 30_000;

/** gRPC's status code UNAVAILABLE: the connection to the server failed. */
const GRPC_UNAVAILABLE = 14;

/** How long past its deadline a call may still end by itself before the timer ends it. */
const DEADLINE_GRACE_MS = 250;

export class TemporalUnavailableError extends DomainError {
  constructor(cause?: unknown) {
    super(
      503,
      'temporal_unavailable',
      'Billing cannot reach its workflow engine right now; nothing was lost, try again shortly.',
    );
    this.cause = cause;
  }
}

/**
 * Runs `call` under a gRPC deadline `withinMs` away. The SDK's own retries of UNAVAILABLE can
 * outlast the deadline (the connections of temporal/client-connection.ts keep them inside it),
 * so a timer ends the call soon after the deadline in any case. A deadline that passes is
 * `noAnswer`: Temporal's by default, but a query's caller knows it may be the workflow's.
 */
export async function boundedCall<T>(
  client: Client,
  withinMs: number,
  call: () => Promise<T>,
  noAnswer: (cause: unknown) => DomainError = (cause) => new TemporalUnavailableError(cause),
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TemporalUnavailableError()), withinMs + DEADLINE_GRACE_MS);
  });
  try {
    return await Promise.race([client.withDeadline(Date.now() + withinMs, call), timedOut]);
  } catch (error) {
    if (isGrpcDeadlineError(error)) throw noAnswer(error);
    throw isUnavailable(error) ? new TemporalUnavailableError(error) : error;
  } finally {
    clearTimeout(timer);
  }
}

/** The connection to Temporal failed (the SDK wraps the gRPC error as a cause). */
function isUnavailable(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if (isGrpcServiceError(cause) && Number(cause.code) === GRPC_UNAVAILABLE) return true;
  }
  return false;
}
