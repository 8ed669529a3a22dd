// What never reaches a log line: keys, tokens, secrets, passwords and card data are censored, and
// credentials inside URLs (SMTP_URL, DATABASE_URL, a URL in an error message) are cut out.
import type { redactOptions } from 'pino';

/** Fields whose whole value is a secret, wherever they sit (top level or one object down). */
const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'password',
  'secret',
  'token',
  'apiKey',
  'adminKey',
  'sellerKey',
  'ingestKey',
  'platformKey',
  'clientSecret',
  'actionClientSecret',
  'webhookSecret',
  'card',
  'cardNumber',
  'cvc',
];

/** Fields that hold a URL or a text that may quote one: kept, with the URL's credentials cut. */
const URL_FIELDS = ['url', 'smtp', 'smtpUrl', 'databaseUrl', 'message', 'stack'];

/** Request headers that carry credentials or signatures, as logged under `headers` or `req.headers`. */
const HEADERS = [
  'headers.authorization',
  'headers.cookie',
  'headers["stripe-signature"]',
  'headers["x-billing-signature"]',
];

const anywhere = (field: string) => [field, `*.${field}`];

/** `scheme://user:pass@host` → `scheme://***@host`, in a URL or in any text quoting one. */
export function withoutCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/]*@/gi, '$1***@');
}

export const logRedaction: redactOptions = {
  paths: [
    ...SECRET_FIELDS.flatMap(anywhere),
    ...URL_FIELDS.flatMap(anywhere),
    ...HEADERS.flatMap(anywhere),
  ],
  censor: (value: unknown, path: string[]) =>
    typeof value === 'string' && URL_FIELDS.includes(path.at(-1) ?? '')
      ? withoutCredentials(value)
      : '[redacted]',
};
