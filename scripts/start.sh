#!/usr/bin/env bash
# The README's first command: provisions what is missing, then runs the product (scripts/start.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision-tools.sh >/dev/null
[ -f node_modules/.package-lock.json ] || npm ci --no-audit --no-fund
exec node node_modules/tsx/dist/cli.mjs scripts/start.ts
