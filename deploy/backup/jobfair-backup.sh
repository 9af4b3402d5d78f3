#!/usr/bin/env bash
# Nightly backup of the job-fair database (DESIGN §8): pg_dump custom format (-Fc, compressed, restorable table by
# table with pg_restore), kept BACKUP_KEEP_DAYS days. Restore: createdb NEW && pg_restore -d NEW --no-owner FILE.
#   DATABASE_URL (required), BACKUP_DIR (default /var/backups/jobfair), BACKUP_KEEP_DAYS (default 14)
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is required}"
BACKUP_DIR=${BACKUP_DIR:-/var/backups/jobfair}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
mkdir -p "$BACKUP_DIR"
file="$BACKUP_DIR/jobfair-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump -Fc --no-owner -f "$file.partial" "$DATABASE_URL"
mv "$file.partial" "$file"  # only a complete dump gets the .dump name
find "$BACKUP_DIR" -name 'jobfair-*.dump' -mtime +"$BACKUP_KEEP_DAYS" -delete
echo "$file"
