#!/usr/bin/env bash
# Installs schemathesis, the schema-driven API fuzzer `npm run fuzz` runs, from PyPI into a venv
# cached beside the other tools; every package is pinned in scripts/fuzz-requirements.txt.
# Prints the schemathesis executable on its last line. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS_DIR="${SELFSERVE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/selfserve-billing/tools}"
REQUIREMENTS=scripts/fuzz-requirements.txt
# A changed pin list gets a venv of its own.
VENV="$TOOLS_DIR/venv/fuzz-$(sha256sum "$REQUIREMENTS" | cut -c1-12)"

if [ ! -f "$VENV/installed" ]; then
  echo "[provision] installing schemathesis from PyPI ($REQUIREMENTS)" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$REQUIREMENTS"
  touch "$VENV/installed"
fi
mkdir -p "$TOOLS_DIR/bin"
ln -sf "$VENV/bin/schemathesis" "$TOOLS_DIR/bin/schemathesis"
echo "$TOOLS_DIR/bin/schemathesis"
