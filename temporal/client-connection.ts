// Every client connection to Temporal (the API's, the worker's relays', the tests'): the SDK's
// gRPC retries kept inside each call's deadline, so a call that gives up (temporal/bounded-call.ts)
// leaves no retry running after it, and reports the real cause (UNAVAILABLE) rather than a
// timeout. A retry left running past its caller outlives the connection too: closed under it, the
// retry's timer throws "Channel has been shut down" into the process.
import {
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  type ConnectionOptions,
  type ConnectionPlugin,
} from '@temporalio/client';

type Interceptor = NonNullable<ConnectionOptions['interceptors']>[number];
type RetryOptions = ReturnType<typeof defaultGrpcRetryOptions>;

/** `retries`' decisions and backoff (the SDK's by default), minus any retry that would start past
 * the call's deadline. */
export function retryWithinDeadline(
  retries: RetryOptions = defaultGrpcRetryOptions(),
): Interceptor {
  return (options, nextCall) => {
    const deadlineMs = options.deadline === undefined ? Infinity : Number(options.deadline);
    let delayMs = 0;
    return makeGrpcRetryInterceptor({
      retryableDecider(attempt, status) {
        delayMs = retries.delayFunction(attempt, status);
        return retries.retryableDecider(attempt, status) && Date.now() + delayMs < deadlineMs;
      },
      // Asked right after a "retry" decision: the delay that decision was made with.
      delayFunction: () => delayMs,
    })(options, nextCall);
  };
}

/** `options` with retries kept inside each call's deadline (in place of the SDK's own). */
export function withRetriesWithinDeadline(options: ConnectionOptions): ConnectionOptions {
  return { ...options, interceptors: [retryWithinDeadline()] };
}

/** The same for connections made elsewhere (the test environments make their own). */
export const retriesWithinDeadline: ConnectionPlugin = {
  name: 'retries-within-deadline',
  configureConnection: withRetriesWithinDeadline,
};

/** The API's connection: lazy, so the API serves ingestion and reads while Temporal is away. */
export function apiTemporalConnection(address: string): Connection {
  return Connection.lazy(withRetriesWithinDeadline({ address }));
}

/** A background process's connection (the worker's relays, scripts): connected at once. */
export function backgroundTemporalConnection(address: string): Promise<Connection> {
  return Connection.connect(withRetriesWithinDeadline({ address }));
}
