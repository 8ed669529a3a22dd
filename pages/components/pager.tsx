// The links of a paged list: back to its first page once paged, and on to the next if any.
import type { PageContext } from '../context';
import type { MessageKey } from '../i18n/en';

export function Pager(props: {
  page: PageContext;
  /** The list's id, which labels the pager. */
  list: string;
  base: string;
  nextCursor: string | null;
  paged: boolean;
  first: MessageKey;
  next: MessageKey;
}) {
  const { t } = props.page;
  const join = props.base.includes('?') ? '&' : '?';
  return (
    <nav aria-labelledby={props.list} class="pager">
      <ul>
        {props.paged && (
          <li>
            <a href={props.base}>{t(props.first)}</a>
          </li>
        )}
        {props.nextCursor && (
          <li>
            <a href={`${props.base}${join}cursor=${encodeURIComponent(props.nextCursor)}`}>
              {t(props.next)}
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** The `cursor` of a paged list's request. */
export function cursorOf(query: Record<string, unknown>): string | undefined {
  return typeof query.cursor === 'string' ? query.cursor : undefined;
}
