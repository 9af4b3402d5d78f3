#!/usr/bin/env bash
# Make sure the real PostgreSQL and Redis that `make test` uses are up (DESIGN §6), starting them if stopped.
# A component that cannot be reached fails the run: tests never skip a real component.
set -euo pipefail

PG_HOST=127.0.0.1
PG_PORT=5432
MIN_PG_CONNECTIONS=300  # the capacity tests open 200 connections at once

pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }
cluster() { ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1; }

if ! pg_up && [ -n "$(cluster)" ]; then
  echo "Starting PostgreSQL $(cluster)…"
  pg_ctlcluster --skip-systemctl-redirect "$(cluster)" main start || true
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
if ! pg_up; then
  echo "ERROR: PostgreSQL is not reachable at $PG_HOST:$PG_PORT; the test suite needs it (DESIGN §6)." >&2
  exit 1
fi

current=$(psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -Atc "SHOW max_connections")
if [ "$current" -lt "$MIN_PG_CONNECTIONS" ]; then
  echo "Raising PostgreSQL max_connections from $current to $MIN_PG_CONNECTIONS (restart)…"
  psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -qc "ALTER SYSTEM SET max_connections = $MIN_PG_CONNECTIONS"
  pg_ctlcluster --skip-systemctl-redirect "$(cluster)" main restart
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || { echo "ERROR: PostgreSQL did not come back after the restart." >&2; exit 1; }
fi

# The database named in DATABASE_URL (makemigrations --check connects to it; the tests make their own test_ copy).
if [ -z "$(psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'jobfair'")" ]; then
  psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -qc "CREATE DATABASE jobfair"
fi

if ! redis_up && command -v redis-server >/dev/null; then
  echo "Starting Redis…"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
fi
if ! redis_up; then
  echo "ERROR: Redis is not reachable at 127.0.0.1:6379; the test suite needs it (DESIGN §6)." >&2
  exit 1
fi
echo "PostgreSQL and Redis are up."
