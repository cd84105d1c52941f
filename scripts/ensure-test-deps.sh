#!/usr/bin/env bash
# Installs what the test suite needs from Debian when it is missing: Chromium (browser tests through
# playwright-core), socat (serial pty pairs) and WenQuanYi Micro Hei (Chinese glyphs in screenshots).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v socat >/dev/null 2>&1 || missing+=(socat)
fc-list 2>/dev/null | grep -qi "wqy\|WenQuanYi Micro Hei" || [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -eq 0 ]; then
  echo "test dependencies present: chromium, socat, fonts-wqy-microhei"
  exit 0
fi
echo "installing: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
