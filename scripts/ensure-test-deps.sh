#!/usr/bin/env bash
# Installs what the test suite needs from Debian when it is missing: Chromium (browser tests through
# playwright-core), socat (serial pty pairs), WenQuanYi Micro Hei (Chinese glyphs in screenshots),
# PostgreSQL (the central server's tests start a throwaway cluster with its binaries) and Prometheus
# (`promtool check metrics`).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v socat >/dev/null 2>&1 || missing+=(socat)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
fc-list 2>/dev/null | grep -qi "wqy\|WenQuanYi Micro Hei" || [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -eq 0 ]; then
  echo "test dependencies present: chromium, socat, fonts-wqy-microhei, postgresql, prometheus"
  exit 0
fi
echo "installing: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
