// Once per test run: start the embedded PostgreSQL server (unless DATABASE_URL points at one)
// and bundle the workflows, so every test file reuses both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startEmbeddedPostgres, type EmbeddedDatabaseServer } from '../../db/embedded-postgres';
import { WORKFLOWS_PATH } from '../../worker/billing-worker';
import { freePort } from '../../scripts/free-port';

declare global {
  var __embeddedPostgres: EmbeddedDatabaseServer | undefined;
  var __testRunDir: string | undefined;
}

export default async function globalSetup(): Promise<void> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-tests-'));
  fs.chmodSync(runDir, 0o755);
  globalThis.__testRunDir = runDir;

  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_ADMIN_URL = process.env.DATABASE_URL;
  } else {
    const server = await startEmbeddedPostgres({
      dataDir: path.join(runDir, 'postgres'),
      port: await freePort(),
    });
    globalThis.__embeddedPostgres = server;
    process.env.TEST_DATABASE_ADMIN_URL = server.urlFor('postgres');
  }

  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  const bundlePath = path.join(runDir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
}

const quietLogger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  log: () => {},
};
