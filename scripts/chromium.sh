#!/usr/bin/env bash
# Prints the path of a headless-capable Chromium for the console's browser test (conformance/test/ui.test.mjs),
# installing Debian's `chromium` package when it is missing (browsers cannot be downloaded by playwright here).
#   scripts/chromium.sh          the path, e.g. /usr/bin/chromium (exit 1 with a message when none can be had)
set -euo pipefail

log() { echo "chromium: $*" >&2; }

find_chromium() {
  local c
  for c in "${SPOOL_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    [ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }
  done
  return 1
}

if ! find_chromium; then
  if [ "$(id -u)" != 0 ]; then
    log "missing chromium and not root: install it (apt-get install chromium)"
    exit 1
  fi
  log "installing chromium..."
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
  fi
  find_chromium
fi
