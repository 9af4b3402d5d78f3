#!/usr/bin/env bash
# The deployment tests check the shipped nginx site with `nginx -t` and serve through it on loopback; nginx comes
# from Debian's packages. Installs it when missing (without starting the system service); a machine where it cannot
# be installed fails the run (the tests never skip it).
set -euo pipefail
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "Installing Debian's nginx for the deployment tests…"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  # policy-rc.d 101: the package must not start a system nginx on port 80.
  echo 'exit 101' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >/dev/null || \
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx >/dev/null
  $SUDO rm -f /usr/sbin/policy-rc.d
fi
/usr/sbin/nginx -v
