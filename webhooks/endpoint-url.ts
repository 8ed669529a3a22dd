// Which URLs a marketplace webhook may go to: https on a public address, without userinfo. Checked
// at registration (resolving the host) and at every delivery, where the check runs inside the
// connection's own DNS lookup so the address connected to is the address that was checked.
import { lookup as lookupWithSystemResolver } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from './public-address';

export const MAX_WEBHOOK_URL_LENGTH = 2_048;

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a host name resolves to (injectable, so tests can stand in for DNS). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export interface WebhookUrlPolicy {
  /** ALLOW_INSECURE_WEBHOOKS: also accept http(s)://localhost, 127.0.0.1 and [::1] (development). */
  allowInsecureUrls: boolean;
  /** Defaults to the system resolver (what a connection would use), with a time limit. */
  resolveHost?: ResolveHost;
}

/** Why a URL is refused: also what a delivery records as its error. */
export type UrlRefusal = 'url_not_allowed' | 'address_not_allowed' | 'dns_failed';

export class WebhookUrlRefused extends Error {
  constructor(
    readonly reason: UrlRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** A URL that passed the checks that need no DNS. */
export interface InspectedUrl {
  url: URL;
  /** False for an IP literal or the development loopback exception: nothing left to resolve. */
  resolvesName: boolean;
}

const DNS_TIMEOUT_MS = 5_000;
const DEVELOPMENT_LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Names that only mean something on a local network or inside a cloud (metadata.google.internal). */
const LOCAL_NAME_SUFFIXES = ['.localhost', '.internal', '.local', '.localdomain', '.arpa'];

export const resolveWithSystemResolver: ResolveHost = (hostname) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('DNS lookup timed out')), DNS_TIMEOUT_MS);
  });
  const lookup = lookupWithSystemResolver(hostname, { all: true, verbatim: true });
  return Promise.race([lookup, timeout]).finally(() => clearTimeout(timer));
};

/**
 * The checks that need no DNS: scheme, userinfo, and the host as written. WHATWG URL parsing
 * has already turned numeric spellings (2130706433, 0x7f.1, 017700000001, 127.1) into dotted
 * IPv4 and IPv6 into its compressed form, so literals are judged by their real value.
 */
export function inspectUrl(raw: string, policy: WebhookUrlPolicy): InspectedUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlRefused('url_not_allowed', 'Not a valid URL.');
  }
  if (url.username || url.password) {
    throw new WebhookUrlRefused(
      'url_not_allowed',
      'A webhook URL may not carry a user name or password; authenticate with the signature.',
    );
  }
  const web = url.protocol === 'https:' || url.protocol === 'http:';
  if (web && policy.allowInsecureUrls && DEVELOPMENT_LOOPBACK_HOSTS.has(url.hostname)) {
    return { url, resolvesName: false };
  }
  if (url.protocol !== 'https:') {
    throw new WebhookUrlRefused(
      'url_not_allowed',
      'Webhook endpoints must use https:// (plain http is allowed only for localhost when ALLOW_INSECURE_WEBHOOKS=true).',
    );
  }
  const literal = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(literal)) {
    if (!isPublicAddress(literal)) throw addressNotAllowed();
    return { url, resolvesName: false };
  }
  const name = literal.replace(/\.$/, '');
  if (!name.includes('.') || LOCAL_NAME_SUFFIXES.some((suffix) => name.endsWith(suffix))) {
    throw addressNotAllowed();
  }
  return { url, resolvesName: true };
}

/** Registration: the static checks, then every address the host resolves to must be public. */
export async function checkEndpointUrl(raw: string, policy: WebhookUrlPolicy): Promise<void> {
  const { url, resolvesName } = inspectUrl(raw, policy);
  if (resolvesName) await resolvePublic(url.hostname, policy.resolveHost);
}

/**
 * Delivery: a `lookup` for the request, so the socket connects only to addresses that were
 * checked in this very lookup (no gap for DNS rebinding between a check and the connection).
 */
export function publicOnlyLookup(resolveHost?: ResolveHost): LookupFunction {
  return (hostname, options, callback) => {
    resolvePublic(hostname, resolveHost).then(
      (addresses) => {
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: unknown) => callback(error as Error, ''),
    );
  };
}

async function resolvePublic(
  hostname: string,
  resolveHost: ResolveHost = resolveWithSystemResolver,
): Promise<ResolvedAddress[]> {
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolveHost(hostname);
  } catch {
    addresses = [];
  }
  if (addresses.length === 0) {
    throw new WebhookUrlRefused('dns_failed', `The host ${hostname} could not be resolved.`);
  }
  // One private address among public ones is enough to refuse: the connection could pick it.
  if (!addresses.every(({ address }) => isPublicAddress(address))) throw addressNotAllowed();
  return addresses;
}

function addressNotAllowed(): WebhookUrlRefused {
  return new WebhookUrlRefused(
    'address_not_allowed',
    'Webhook endpoints must be on a public address (not loopback, private, link-local, shared, multicast or reserved, in any spelling).',
  );
}
