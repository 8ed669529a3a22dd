// The demo credentials file holds a platform key: written owner-only (0600), and an older file
// left readable by others is tightened, whether the start seeds again or not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DemoCredentials } from '../../scripts/demo-data';
import { keepOwnerOnly, writeDemoCredentials } from '../../scripts/demo-credentials-file';

const credentials: DemoCredentials = {
  marketplaceId: 'm',
  sellerId: 's',
  campaignId: 'c',
  ingestKey: 'sk_ingest_x',
  adminKey: 'sk_marketplace_admin_x',
  sellerKey: 'sk_seller_x',
  platformKey: 'sk_platform_x',
};

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-credentials-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

test('a new file is written owner-only', () => {
  const file = path.join(dir, 'demo-credentials.json');
  writeDemoCredentials(file, credentials);
  expect(modeOf(file)).toBe(0o600);
  expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(credentials);
});

test.each([
  ['0644', 0o644],
  ['0666', 0o666],
  ['0604', 0o604],
  ['0640', 0o640],
])('a file left with mode %s is tightened when rewritten, and when only kept', (_name, mode) => {
  const rewritten = path.join(dir, 'rewritten.json');
  const kept = path.join(dir, 'kept.json');
  for (const file of [rewritten, kept]) {
    fs.writeFileSync(file, '{"platformKey":"sk_platform_old"}\n');
    fs.chmodSync(file, mode);
  }
  writeDemoCredentials(rewritten, credentials);
  keepOwnerOnly(kept);
  expect([modeOf(rewritten), modeOf(kept)]).toEqual([0o600, 0o600]);
  expect(JSON.parse(fs.readFileSync(rewritten, 'utf8'))).toEqual(credentials);
});

test('keeping a file that does not exist creates none', () => {
  const file = path.join(dir, 'absent.json');
  keepOwnerOnly(file);
  expect(fs.existsSync(file)).toBe(false);
});
