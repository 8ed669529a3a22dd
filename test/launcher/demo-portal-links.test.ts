// `npm start` prints a fresh admin link and seller link for the demo marketplace: each opens its
// own pages once, at the public address it was given.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoPortalLinks } from '../../scripts/demo-portal-links';
import { useDatabaseAndApi } from '../support/api';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';

const context = useDatabaseAndApi();

test('the demo links open the admin’s and the seller’s pages, once each', async () => {
  const { db } = context.database;
  const marketplace = await createMarketplace(db);
  const { seller } = await createSelfServiceSeller(db, marketplace.id);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-links-'));
  const file = path.join(dir, 'demo-credentials.json');
  expect(await demoPortalLinks(db, file, context.api.url)).toBeNull();
  fs.writeFileSync(file, JSON.stringify({ marketplaceId: marketplace.id, sellerId: seller.id }));

  const links = (await demoPortalLinks(db, file, `${context.api.url}/`))!;
  for (const [url, landing] of [
    [links.admin, `/portal/marketplaces/${marketplace.id}`],
    [links.seller, `/portal/sellers/${seller.id}`],
  ] as const) {
    expect(url.startsWith(`${context.api.url}/portal/enter?token=pl_`)).toBe(true);
    const entered = await fetch(url, { redirect: 'manual' });
    expect(entered.status).toBe(303);
    const cookie = entered.headers.get('set-cookie')!.split(';')[0]!;
    const home = await fetch(new URL(entered.headers.get('location')!, url), {
      headers: { cookie },
      redirect: 'manual',
    });
    expect(home.headers.get('location')).toBe(landing);
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(410);
  }
  fs.rmSync(dir, { recursive: true });
});
