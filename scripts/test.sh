#!/usr/bin/env bash
# The README's second command: provisions what the tests need, then runs every test. The totals
# line ("jest: N passed, N failed, N skipped") is printed last, after jest has exited.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision-tools.sh temporal temporal-test-server stripe-mock mailpit temporal-server >/dev/null
bash scripts/provision-chromium.sh
[ -f node_modules/.package-lock.json ] || npm ci --no-audit --no-fund
summary=test-results/jest-summary.txt
rm -f "$summary"
status=0
npx --no-install jest "$@" || status=$?
if [ -f "$summary" ]; then
  cat "$summary"
  # Jest reports on standard error: where that is kept apart from standard output, it closes too.
  [ /dev/stdout -ef /dev/stderr ] || cat "$summary" >&2
fi
exit "$status"
