// After the run: stop the embedded PostgreSQL server and remove the run's temporary files.
import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__embeddedPostgres?.stop();
  if (globalThis.__testRunDir) fs.rmSync(globalThis.__testRunDir, { recursive: true, force: true });
}
