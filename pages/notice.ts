// What a form's POST-redirect-GET says on the page it lands on: `?done=<what>` after a command
// succeeded, `?error=<code>` with the rule's code when it was refused. Only catalogued words are
// shown; an unknown code is named, never echoed as text.
import type { Request } from 'express';
import { en, type MessageKey } from './i18n/en';
import type { Translate } from './i18n';

export interface Notice {
  kind: 'done' | 'error';
  text: string;
}

const CODE = /^[a-z_]{1,64}$/;

const isKey = (key: string): key is MessageKey => key in en;

export function noticeOf(req: Request, t: Translate): Notice | null {
  const { done, error } = req.query;
  if (typeof error === 'string' && CODE.test(error)) {
    const key = `refusal.${error}`;
    return { kind: 'error', text: isKey(key) ? t(key) : t('refusal.other', { code: error }) };
  }
  if (typeof done === 'string' && isKey(`done.${done}`)) {
    return { kind: 'done', text: t(`done.${done}` as MessageKey) };
  }
  return null;
}

/** Where a command sends the browser: its page, saying what happened. */
export function withNotice(path: string, kind: 'done' | 'error', what: string): string {
  return `${path}?${kind}=${encodeURIComponent(what)}`;
}
