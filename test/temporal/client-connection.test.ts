// A call to Temporal that gives up (temporal/bounded-call.ts) must leave no gRPC retry running
// after it: a retry that outlives its caller also outlives the connection, and when that is
// closed (a process shutting down, a test environment torn down) the retry's timer throws
// "Channel has been shut down" into the process.
import {
  Client,
  Connection,
  makeGrpcRetryInterceptor,
  type ConnectionOptions,
} from '@temporalio/client';
import { freePort } from '../../scripts/free-port';
import { boundedCall, TemporalUnavailableError } from '../../temporal/bounded-call';
import { retryWithinDeadline } from '../../temporal/client-connection';
import { waitFor } from '../support/wait-for';

type Interceptor = NonNullable<ConnectionOptions['interceptors']>[number];

const CALL_BOUND_MS = 1_000;

/** Retries with a backoff longer than the call's bound (as the SDK's reaches 5 s against the
 * API's 1.5 s), counting the attempts they see end. */
function slowRetries() {
  const attempts = { count: 0 };
  const retries = {
    retryableDecider(attempt: number) {
      attempts.count = attempt;
      return attempt < 3;
    },
    delayFunction: () => 3_000,
  };
  return { retries, attempts };
}

/** A connection to a port nothing listens on. */
async function unreachableTemporal(interceptor: Interceptor) {
  const connection = Connection.lazy({
    address: `127.0.0.1:${await freePort()}`,
    interceptors: [interceptor],
  });
  const client = new Client({ connection });
  const giveUp = () =>
    boundedCall(client, CALL_BOUND_MS, () => client.workflowService.getSystemInfo({}));
  return { giveUp, connection };
}

test('a call given up leaves no retry behind, so the connection closes safely under it', async () => {
  const { retries, attempts } = slowRetries();
  const { giveUp, connection } = await unreachableTemporal(retryWithinDeadline(retries));

  await expect(giveUp()).rejects.toBeInstanceOf(TemporalUnavailableError);
  const whenGivenUp = attempts.count;
  await connection.close();
  await new Promise((resolve) => setTimeout(resolve, retries.delayFunction() * 2));

  expect(attempts.count).toBe(whenGivenUp);
});

test('the same retries unbounded go on after their caller gave up (what the test above rules out)', async () => {
  const { retries, attempts } = slowRetries();
  const { giveUp, connection } = await unreachableTemporal(makeGrpcRetryInterceptor(retries));

  await expect(giveUp()).rejects.toBeInstanceOf(TemporalUnavailableError);
  const whenGivenUp = attempts.count;
  await waitFor(() => Promise.resolve(attempts.count > whenGivenUp));
  // The last attempt, past the deadline, fails at once.
  await waitFor(() => Promise.resolve(attempts.count === 3));
  await connection.close();
});
