// Stands in for DNS in tests (there is none offline): a name resolves to the addresses a test set
// for it; any other name under .example (reserved, never real) to one public address.
import { isIP } from 'node:net';
import type { ResolveHost } from '../../webhooks/endpoint-url';

/** A public address (example.com's) that no test ever connects to. */
export const PUBLIC_TEST_ADDRESS = '93.184.215.14';

export interface FakeDns {
  resolveHost: ResolveHost;
  /** From now on `name` resolves to these addresses; none: it does not resolve. */
  set(name: string, addresses: string[]): void;
}

export function fakeDns(): FakeDns {
  const table = new Map<string, string[]>();
  return {
    set: (name, addresses) => void table.set(name, addresses),
    resolveHost: (hostname) => {
      const addresses =
        table.get(hostname) ?? (hostname.endsWith('.example') ? [PUBLIC_TEST_ADDRESS] : []);
      if (addresses.length === 0) {
        const notFound = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
          code: 'ENOTFOUND',
        });
        return Promise.reject(notFound);
      }
      return Promise.resolve(addresses.map((address) => ({ address, family: isIP(address) })));
    },
  };
}
