#!/usr/bin/env bash
# A PostgreSQL streaming replica of the local cluster on a second port (DESIGN §8): start | stop | status.
#   REPLICA_PORT (default 7732), REPLICA_DIR (default /tmp/jobfair-replica-$REPLICA_PORT),
#   PRIMARY_HOST/PRIMARY_PORT (default 127.0.0.1:5432).
# The primary needs wal_level >= replica, max_wal_senders > 0 (PostgreSQL 15's defaults) and a pg_hba line
# "host replication all 127.0.0.1/32 trust": `start` adds the line once and reloads the primary (no restart);
# a primary at wal_level=minimal is set to replica with ALTER SYSTEM and restarted (said on stdout).
set -euo pipefail

ACTION=${1:-status}
PORT=${REPLICA_PORT:-7732}
DIR=${REPLICA_DIR:-/tmp/jobfair-replica-$PORT}
PRIMARY_HOST=${PRIMARY_HOST:-127.0.0.1}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
SLOT="jobfair_replica_$PORT"
CLUSTER=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
BIN=/usr/lib/postgresql/${CLUSTER:-15}/bin

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
primary_sql() { psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -Atqc "$1"; }
running() { [ -f "$DIR/postmaster.pid" ] && as_postgres "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; }

prepare_primary() {
  if [ "$(primary_sql 'SHOW wal_level')" = minimal ]; then
    echo "Primary: wal_level=minimal → replica (ALTER SYSTEM, restart)."
    primary_sql "ALTER SYSTEM SET wal_level = replica"
    primary_sql "ALTER SYSTEM SET max_wal_senders = 10"
    pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main restart
  fi
  local hba
  hba=$(primary_sql "SHOW hba_file")
  if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
    echo "Primary: adding 'host replication all 127.0.0.1/32 trust' to $hba (reload)."
    echo "host replication all 127.0.0.1/32 trust" >>"$hba"
    primary_sql "SELECT pg_reload_conf()" >/dev/null
  fi
}

start() {
  if running; then echo "Replica already running on port $PORT."; return; fi
  prepare_primary
  rm -rf "$DIR"
  mkdir -p "$DIR" && chown postgres: "$DIR" 2>/dev/null || true
  chmod 700 "$DIR"
  # -R writes standby.signal and primary_conninfo; the slot keeps the WAL the replica still needs. On a busy
  # primary the WAL at the backup's start can be recycled before the slot holds it ("requested WAL segment …
  # has already been removed"): the backup is tried again, three times at most.
  local attempt
  for attempt in 1 2 3; do
    primary_sql "SELECT pg_drop_replication_slot('$SLOT') FROM pg_replication_slots WHERE slot_name = '$SLOT'" >/dev/null
    rm -rf "${DIR:?}"/* 2>/dev/null || true
    if as_postgres pg_basebackup -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$DIR" -X stream -R -C -S "$SLOT" --checkpoint=fast; then
      break
    fi
    [ "$attempt" -lt 3 ] || { echo "ERROR: pg_basebackup failed three times." >&2; exit 1; }
    echo "pg_basebackup failed (attempt $attempt); trying again."
  done
  # Debian keeps the configuration in /etc: the replica gets its own minimal files.
  cat >"$DIR/postgresql.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
hot_standby = on
max_connections = 300
CONF
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$DIR/pg_hba.conf"
  chown postgres: "$DIR/postgresql.conf" "$DIR/pg_hba.conf" 2>/dev/null || true
  as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 start >/dev/null
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$PORT" && break; sleep 0.5; done
  pg_isready -q -h 127.0.0.1 -p "$PORT" || { echo "ERROR: the replica did not start; see $DIR/server.log" >&2; exit 1; }
  echo "Replica streaming from $PRIMARY_HOST:$PRIMARY_PORT on 127.0.0.1:$PORT ($DIR)."
}

stop() {
  if running; then as_postgres "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null; fi
  primary_sql "SELECT pg_drop_replication_slot('$SLOT') FROM pg_replication_slots WHERE slot_name = '$SLOT' AND NOT active" >/dev/null || true
  echo "Replica on port $PORT stopped."
}

case "$ACTION" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running on port $PORT"; else echo "stopped"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
