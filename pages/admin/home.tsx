// Where an admin's portal link lands: the marketplace's Payments tab (its sections are to come).
import { Layout } from '../components/layout';
import type { PageContext } from '../context';

export function AdminHomePage({ page }: { page: PageContext }) {
  return (
    <Layout page={page} title={page.t('admin.title')}>
      <p>{page.t('admin.soon')}</p>
    </Layout>
  );
}
