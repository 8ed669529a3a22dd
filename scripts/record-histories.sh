#!/usr/bin/env bash
# Records the workflow scenarios' histories into a new version folder under
# test/fixtures/histories (the next vN, or $HISTORIES_VERSION) and never touches older folders:
# the replay test replays every folder, so a deploy that breaks a running workflow fails CI.
set -euo pipefail
cd "$(dirname "$0")/.."

root=test/fixtures/histories
if [ -n "${HISTORIES_VERSION:-}" ]; then
  version=$HISTORIES_VERSION
else
  last=$(find "$root" -mindepth 1 -maxdepth 1 -type d -name 'v[0-9]*' -printf '%f\n' 2>/dev/null \
    | sed 's/^v//' | sort -n | tail -n 1)
  version=v$(( ${last:-0} + 1 ))
fi
target=$root/$version
if [ -e "$target" ]; then
  echo "record-histories: $target already exists; recorded histories are never overwritten" >&2
  exit 1
fi

# Recorded into a scratch folder and moved in whole, so a failed run leaves no partial version.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
RECORD_HISTORIES_DIR="$scratch" bash scripts/test.sh test/workflows --testPathIgnorePatterns replay
mkdir -p "$root"
chmod 755 "$scratch"
mv "$scratch" "$target"
trap - EXIT
echo "record-histories: wrote $(find "$target" -name '*.binpb' | wc -l) histories to $target"
