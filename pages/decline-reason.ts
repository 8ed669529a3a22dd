// Why a payment was refused, in the page's language, from the gateway's decline code.
import { en, type MessageKey } from './i18n/en';
import type { Translate } from './i18n';

export function declineReason(t: Translate, code: string): string {
  const key = `decline.${code}`;
  return key in en ? t(key as MessageKey) : t('decline.other', { code });
}
