#!/usr/bin/env bash
# The browser tests open Parley's HTML reports in Debian's headless Chromium.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "chromium is missing: install Debian's chromium package (sudo apt-get install chromium)" >&2
  exit 1
fi
