// Where scripts/provision-tools.sh installs the tools (same rule as the script).
import os from 'node:os';
import path from 'node:path';

export function toolsDir(): string {
  if (process.env.SELFSERVE_TOOLS_DIR) return process.env.SELFSERVE_TOOLS_DIR;
  const cache = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(cache, 'selfserve-billing', 'tools');
}

export function toolPath(
  name:
    | 'temporal'
    | 'temporal-test-server'
    | 'stripe-mock'
    | 'mailpit'
    | 'schemathesis'
    | 'temporal-server'
    | 'temporal-sql-tool',
): string {
  return path.join(toolsDir(), 'bin', name);
}

/** The Temporal server module's files provisioned beside its binary (schema/, config/). */
export function temporalServerFiles(...parts: string[]): string {
  return path.join(toolsDir(), 'temporal-server', ...parts);
}
