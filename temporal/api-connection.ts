// The API's connection to Temporal: lazy, so the API serves ingestion and reads while Temporal is
// away, and with the SDK's gRPC retries kept inside each call's deadline, so a call that gives up
// leaves no retry running after it and reports the real cause (UNAVAILABLE) rather than a timeout.
import {
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  type ConnectionOptions,
} from '@temporalio/client';

type Interceptor = NonNullable<ConnectionOptions['interceptors']>[number];

const sdkRetries = defaultGrpcRetryOptions();

/** The SDK's retry decisions and backoff, minus any retry that would start past the deadline. */
export const retryWithinDeadline: Interceptor = (options, nextCall) => {
  const deadlineMs = options.deadline === undefined ? Infinity : Number(options.deadline);
  let delayMs = 0;
  return makeGrpcRetryInterceptor({
    retryableDecider(attempt, status) {
      delayMs = sdkRetries.delayFunction(attempt, status);
      return sdkRetries.retryableDecider(attempt, status) && Date.now() + delayMs < deadlineMs;
    },
    // Asked right after a "retry" decision: the delay that decision was made with.
    delayFunction: () => delayMs,
  })(options, nextCall);
};

export function apiTemporalConnection(address: string): Connection {
  return Connection.lazy({ address, interceptors: [retryWithinDeadline] });
}
