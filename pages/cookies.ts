// The pages' cookies: the session (httpOnly, SameSite=Lax, Secure over https, only under /portal)
// and the language chosen with the switch.
import type { Request, Response } from 'express';
import { PORTAL_SESSION_TTL_MS } from '../access/portal-access';

export const SESSION_COOKIE = 'portal_session';
export const LANGUAGE_COOKIE = 'portal_lang';
const PATH = '/portal';

export function readCookie(req: Request, name: string): string | undefined {
  for (const pair of (req.get('cookie') ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(pair.slice(at + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function setSessionCookie(res: Response, token: string, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: PATH,
    maxAge: PORTAL_SESSION_TTL_MS,
  });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: PATH });
}

export function setLanguageCookie(res: Response, locale: string, secure: boolean): void {
  res.cookie(LANGUAGE_COOKIE, locale, {
    sameSite: 'lax',
    secure,
    path: PATH,
    maxAge: 365 * 24 * 60 * 60_000,
  });
}
