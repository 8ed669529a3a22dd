// The pages' security headers: a strict Content-Security-Policy (our own origin only; Stripe's
// script and frames only on a page that loads them), no framing, no sniffing, no caching.
import type { Response } from 'express';

const STRICT = [
  "default-src 'self'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
];

/** What Stripe.js and its Payment Element need, on the pages that use them. */
const STRIPE = [
  "script-src 'self' https://js.stripe.com",
  'frame-src https://js.stripe.com https://hooks.stripe.com',
  "connect-src 'self' https://api.stripe.com",
];

/** "Connect now" posts to us and is redirected to Stripe's onboarding, which form-action governs. */
const CONNECT = "form-action 'self' https://connect.stripe.com";

export type ContentPolicy = 'strict' | 'stripe' | 'connect';

export function contentSecurityPolicy(policy: ContentPolicy): string {
  if (policy === 'connect') {
    return [...STRICT.filter((rule) => !rule.startsWith('form-action')), CONNECT].join('; ');
  }
  return [...STRICT, ...(policy === 'stripe' ? STRIPE : [])].join('; ');
}

export function setSecurityHeaders(res: Response, policy: ContentPolicy = 'strict'): void {
  res.set({
    'content-security-policy': contentSecurityPolicy(policy),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
}
