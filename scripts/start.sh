#!/usr/bin/env bash
# The README's first command: provisions what it runs if missing (the Temporal CLI, Mailpit and the
# npm packages), then runs the product (scripts/start.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision-tools.sh temporal mailpit >/dev/null
[ -f node_modules/.package-lock.json ] || npm ci --no-audit --no-fund
exec node --import tsx scripts/start.ts
