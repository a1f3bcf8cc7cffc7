#!/usr/bin/env bash
# Debian tools the tests use: headless Chromium (to open Parley's HTML reports) and
# docker-compose (to validate docker-compose.yml; no Docker engine is needed for that,
# so the engine it recommends is not installed).
set -euo pipefail
have() { command -v "$1" >/dev/null 2>&1; }
have chromium && have docker-compose && exit 0
if [ "$(id -u)" != 0 ] || ! have apt-get; then
  echo "install Debian's chromium and docker-compose packages (sudo apt-get install chromium docker-compose)" >&2
  exit 1
fi
apt-get update -qq
have chromium || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
have docker-compose || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
