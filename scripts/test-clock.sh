#!/usr/bin/env bash
# The whole suite with the process clock moved (issue 10 item 3): Debian's libfaketime shifts every process the
# tests start (the Celery worker, the SMTP and HTTP fakes) by one offset, so time still flows and they all agree.
# PostgreSQL and the shared Redis keep the real clock; the code never asks the database for the time.
#
#   scripts/test-clock.sh [pytest args…]      # the five clocks: 00:30, 12:30, 20:30 Hanoi, Tết week, New Year's Eve
#   scripts/test-clock.sh "20:30" [pytest args…]
#   scripts/test-clock.sh tet|year-end [pytest args…]
#   scripts/test-clock.sh "2027-02-09 10:00" [pytest args…]
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
LIBFAKETIME=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
if [ ! -e "$LIBFAKETIME" ]; then
  LIBFAKETIME=$(find /usr/lib -name libfaketime.so.1 2>/dev/null | head -n 1 || true)
fi
if [ -z "$LIBFAKETIME" ] || [ ! -e "$LIBFAKETIME" ]; then
  echo "Installing Debian's faketime…"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q faketime >/dev/null || {
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q faketime >/dev/null
  }
  LIBFAKETIME=$(find /usr/lib -name libfaketime.so.1 | head -n 1)
fi

run_at() {
  local target=$1
  shift
  local resolved day clock offset
  resolved=$("$PY" -m tests.clock "$target")  # tests/clock.py: "<day> <time> <offset>"; a bad target stops here
  read -r day clock offset <<<"$resolved"
  echo "=== the suite at $day $clock Hanoi time ($target; clock moved by $offset) ==="
  LD_PRELOAD="$LIBFAKETIME" FAKETIME="$offset" FAKETIME_NO_CACHE=1 \
    JOBFAIR_TEST_CLOCK="$day $clock" "$PY" -m pytest -p no:cacheprovider "$@"
}

if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
  target=$1
  shift
  run_at "$target" "$@"
else
  failed=()
  for target in "00:30" "12:30" "20:30" "tet" "year-end"; do
    run_at "$target" "$@" || failed+=("$target")
  done
  if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED at: ${failed[*]}" >&2
    exit 1
  fi
  echo "The suite passed at all five clocks."
fi
