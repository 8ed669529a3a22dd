// Sends one webhook POST to an endpoint the URL policy allows, and sorts its outcome into a small
// fixed set of categories: what the admin reads says what kind of failure it was, never the raw
// socket error that would tell a closed port from an open one.
import http from 'node:http';
import https from 'node:https';
import {
  inspectUrl,
  publicOnlyLookup,
  WebhookUrlRefused,
  type UrlRefusal,
  type WebhookUrlPolicy,
} from './endpoint-url';

export type DeliveryError =
  | UrlRefusal
  | 'connection_failed'
  | 'tls_failed'
  | 'timeout'
  | `http_${number}`
  /** The deliverer could not even build the request (a poisoned row); the log has the cause. */
  | 'delivery_error';

export type SendOutcome =
  | { delivered: true; statusCode: number }
  | { delivered: false; statusCode: number | null; error: DeliveryError };

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Certificate verification errors: only a TLS server that presented a certificate causes them.
 * Anything else that stops a TLS handshake (a plain service, a reset) is a failed connection,
 * like a closed port.
 */
const CERTIFICATE_ERROR =
  /CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER|INVALID_CA|PATH_LENGTH|HOSTNAME_MISMATCH/;

/** Resolves with the outcome; throws only for a request that cannot even be built. */
export function sendWebhook(
  request: WebhookRequest,
  options: { urls: WebhookUrlPolicy; timeoutMs: number },
): Promise<SendOutcome> {
  let target;
  try {
    target = inspectUrl(request.url, options.urls);
  } catch (error) {
    if (error instanceof WebhookUrlRefused) return Promise.resolve(failed(error.reason));
    throw error;
  }
  const { url, resolvesName } = target;
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const outgoing = transport.request(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
        // A fresh connection each time: a pooled socket would skip the checked lookup.
        agent: false,
        ...(resolvesName ? { lookup: publicOnlyLookup(options.urls.resolveHost) } : {}),
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        const statusCode = response.statusCode ?? 0;
        // The body is not needed; redirects are not followed (only the registered URL gets events).
        response.destroy();
        resolve(
          statusCode >= 200 && statusCode < 300
            ? { delivered: true, statusCode }
            : { delivered: false, statusCode, error: `http_${statusCode}` },
        );
      },
    );
    outgoing.on('error', (error) => resolve(failed(categoryOf(error))));
    outgoing.end(request.body);
  });
}

function failed(error: DeliveryError): SendOutcome {
  return { delivered: false, statusCode: null, error };
}

function categoryOf(error: Error): DeliveryError {
  if (error instanceof WebhookUrlRefused) return error.reason;
  if (error.name === 'AbortError') return 'timeout';
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return CERTIFICATE_ERROR.test(code) ? 'tls_failed' : 'connection_failed';
}
