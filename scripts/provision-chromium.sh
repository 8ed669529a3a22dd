#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (test/pages/) when it is missing; says nothing
# when it is there. Playwright's own browser download is not used: playwright-core drives this one.
set -euo pipefail
if [ -x /usr/lib/chromium/chromium ] || command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing and apt-get is not available: install Chromium, then run the tests." >&2
  exit 1
fi
sudo_if_needed=()
[ "$(id -u)" -eq 0 ] || sudo_if_needed=(sudo)
echo "Installing Chromium for the browser tests (apt-get)..." >&2
"${sudo_if_needed[@]}" apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive "${sudo_if_needed[@]}" apt-get install -y -qq --no-install-recommends chromium >&2
