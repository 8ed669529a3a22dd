// Where a benchmark's workflows run: the Temporal server at TEMPORAL_ADDRESS when it is set (a
// real server, such as one with PostgreSQL persistence), otherwise a dev server of its own.
import { Client } from '@temporalio/client';
import { registerBillingSearchAttributes } from '../../temporal/search-attributes';
import { startDevServer } from '../../test/support/dev-server';
import { backgroundTemporalConnection } from '../../temporal/client-connection';

export interface TemporalTarget {
  /** host:port for worker processes. */
  address: string;
  namespace: string;
  client: Client;
  /** What the benchmark reports as the server. */
  description: string;
  stop(): Promise<void>;
}

export async function temporalTarget(): Promise<TemporalTarget> {
  const address = process.env.TEMPORAL_ADDRESS;
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  if (address) {
    const connection = await backgroundTemporalConnection(address);
    await registerBillingSearchAttributes(connection, namespace);
    return {
      address,
      namespace,
      client: new Client({ connection, namespace }),
      description: `Temporal server at ${address} (TEMPORAL_ADDRESS)`,
      stop: () => connection.close(),
    };
  }
  const env = await startDevServer();
  return {
    address: env.address,
    namespace: env.namespace ?? 'default',
    client: env.client,
    description: 'Temporal dev server (in-memory)',
    stop: () => env.teardown(),
  };
}
