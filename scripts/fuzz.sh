#!/usr/bin/env bash
# `npm run fuzz`: provisions what it runs (the Temporal CLI, schemathesis), then fuzzes the API (scripts/fuzz.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision-tools.sh temporal schemathesis >/dev/null
[ -f node_modules/.package-lock.json ] || npm ci --no-audit --no-fund
exec node node_modules/tsx/dist/cli.mjs scripts/fuzz.ts
