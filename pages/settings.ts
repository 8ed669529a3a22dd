// How the pages are reached and what they need from the configuration.
import type { Request } from 'express';

export interface PortalSettings {
  /** The product as people reach it (PUBLIC_API_URL); unset: the address the request came to. */
  publicUrl?: string;
  /** Stripe.js's publishable key for the card page in Stripe mode (STRIPE_PUBLISHABLE_KEY). */
  stripePublishableKey?: string;
}

export function publicBaseUrl(settings: PortalSettings | undefined, req: Request): string {
  const base = settings?.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  return base.replace(/\/+$/, '');
}

/** Cookies are Secure when people reach the product over https. */
export function isSecureOrigin(settings: PortalSettings | undefined): boolean {
  return settings?.publicUrl?.startsWith('https:') ?? false;
}
