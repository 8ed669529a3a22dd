// The anti-forgery field every form of a signed-in page carries.
import type { PageContext } from '../context';

export function CsrfField({ page }: { page: PageContext }) {
  return <input type="hidden" name="_csrf" value={page.csrf} />;
}
