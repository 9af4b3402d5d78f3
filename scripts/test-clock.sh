#!/usr/bin/env bash
# The whole suite with the process clock moved (issue 10 item 3): Debian's libfaketime shifts every process the
# tests start (the Celery worker, the SMTP and HTTP fakes) by one offset, so time still flows and they all agree.
# PostgreSQL and the shared Redis keep the real clock; the code never asks the database for the time.
#
#   scripts/test-clock.sh [pytest args…]      # the four clocks: 00:30, 12:30, 20:30 Hanoi and a day in Tết week
#   scripts/test-clock.sh "20:30" [pytest args…]
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

# Seconds from now to the next moment at this Hanoi clock time ("HH:MM") or at this Hanoi date and time.
offset_to() {
  "$PY" - "$1" <<'PYTHON'
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
now = datetime.now(hanoi)
target = sys.argv[1]
if " " in target:
    moment = datetime.fromisoformat(target).replace(tzinfo=hanoi)
else:
    hour, minute = map(int, target.split(":"))
    moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if moment < now:
        moment += timedelta(days=1)
print(int((moment - now).total_seconds()))
PYTHON
}

run_at() {
  local target=$1
  shift
  local offset
  offset=$(offset_to "$target")
  echo "=== the suite at $target Hanoi time (clock moved by ${offset}s) ==="
  LD_PRELOAD="$LIBFAKETIME" FAKETIME="+${offset}s" FAKETIME_NO_CACHE=1 \
    JOBFAIR_TEST_CLOCK="$target" "$PY" -m pytest -p no:cacheprovider "$@"
}

if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
  target=$1
  shift
  run_at "$target" "$@"
else
  # Tết Nguyên đán 2027 is Saturday 6 February: Tuesday 9 February is in the holiday week.
  failed=()
  for target in "00:30" "12:30" "20:30" "2027-02-09 10:00"; do
    run_at "$target" "$@" || failed+=("$target")
  done
  if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED at: ${failed[*]}" >&2
    exit 1
  fi
  echo "The suite passed at all four clocks."
fi
