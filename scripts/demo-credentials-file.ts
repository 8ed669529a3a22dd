// The demo credentials file (.data/demo-credentials.json): it holds a platform key, so only its
// owner may read it (0600), also when an earlier start left it readable by others.
import fs from 'node:fs';
import type { DemoCredentials } from './demo-data';

const OWNER_ONLY = 0o600;

export function writeDemoCredentials(file: string, credentials: DemoCredentials): void {
  // `mode` applies only to a new file: an existing one is tightened before the keys go in.
  keepOwnerOnly(file);
  fs.writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: OWNER_ONLY });
}

/** Makes an existing file owner-only; without a file, nothing to do. */
export function keepOwnerOnly(file: string): void {
  try {
    fs.chmodSync(file, OWNER_ONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
