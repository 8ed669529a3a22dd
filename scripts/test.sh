#!/usr/bin/env bash
# The README's second command: provisions what the tests need, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision-tools.sh temporal temporal-test-server stripe-mock mailpit >/dev/null
[ -f node_modules/.package-lock.json ] || npm ci --no-audit --no-fund
exec npx --no-install jest "$@"
