#!/usr/bin/env bash
# Generates the Prisma client (query compiler in Wasm, no native engine). The schema names
# DATABASE_URL, which generation never connects to, so a placeholder stands in when unset.
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASE_URL="${DATABASE_URL:-postgresql://localhost/unused}" PRISMA_HIDE_UPDATE_MESSAGE=1 \
  npx --no-install prisma generate >/dev/null
