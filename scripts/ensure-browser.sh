#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (DESIGN §6); Playwright's own browser download does not work here.
# Installs it when missing; a machine where it cannot be installed fails the run (tests never skip it).
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ ! -x "$CHROMIUM" ]; then
  echo "Installing Debian's Chromium for the browser tests…"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
"$CHROMIUM" --version
