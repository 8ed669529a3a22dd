// A page that only says something: a refused link, signed out, not found, an error.
import type { PageContext } from '../context';
import type { MessageKey } from '../i18n/en';
import { Layout } from './layout';

export function MessagePage(props: { page: PageContext; title: MessageKey; body: MessageKey }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t(props.title)}>
      <p>{t(props.body)}</p>
    </Layout>
  );
}
