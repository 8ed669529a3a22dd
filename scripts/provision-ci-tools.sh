#!/usr/bin/env bash
# CI-only tools from Debian's packages: docker-compose validates docker-compose.yml (no Docker
# engine runs on these machines, but `docker-compose config` needs none). Idempotent.
set -euo pipefail
if ! command -v docker-compose >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi
docker-compose version --short
