#!/usr/bin/env bash
# Installs the browser the end-to-end suite (tests/e2e) drives: Debian's chromium, launched by playwright-core with
# executablePath. Playwright's own browser download (`npx playwright install`) is never used: CI machines reach the
# Debian archive, not Playwright's CDN. Does nothing when the browser is already there.
#
#   bash scripts/install-browser.sh          # as root, or as a user with passwordless sudo
#   sudo bash scripts/install-browser.sh     # a user whose sudo asks for a password
# `npm test` runs it itself (tests/support/e2e-global-setup.ts) when no browser is found and this can run unattended.
#   CHROMIUM_PATH=/opt/chromium/chrome ...   # a browser elsewhere: nothing to install
set -euo pipefail

browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ -x "$browser" ]]; then
  echo "install-browser: $browser is already installed ($("$browser" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi
if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  echo "install-browser: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable; unset it to install Debian's chromium" >&2
  exit 1
fi

packages=(chromium)
install=(apt-get install -y --no-install-recommends "${packages[@]}")
if [[ "$(id -u)" -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  # -n: never prompt; this runs unattended from `npm test`, where nobody is there to type a password.
  as_root=(sudo -n)
else
  echo "install-browser: /usr/bin/chromium is missing and this user cannot install packages without a password. Run:" >&2
  echo "  sudo bash scripts/install-browser.sh" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: no apt-get here; install Chromium yourself and set CHROMIUM_PATH to its executable" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" "${install[@]}"
echo "install-browser: installed $(/usr/bin/chromium --version)"
