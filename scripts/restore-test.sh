#!/usr/bin/env bash
# Restore verification job: checks a pg_basebackup backup with pg_verifybackup and, with --restore,
# starts it as a scratch PostgreSQL (unix socket only, no TCP) and runs a query. Writes the result
# as the status file the backup exporter reads (--restore-test.status-file), atomically.
#
#   scripts/restore-test.sh --backup /backups/pg [--restore] --status-file /var/lib/jivs/restore-test.json
#
# --backup is one backup folder, or a folder of them (the newest one with a backup_manifest is taken).
# Run it as the postgres OS user (PostgreSQL refuses to run as root). Exit status: 0 passed,
# 1 verification failed, 2 bad usage. The status file is written in every case but bad usage:
#   {"version": 1, "started_at": "...", "finished_at": "...", "success": true|false,
#    "last_success_at": "...", "backup": "...", "method": "...", "detail": "..."}
# last_success_at is carried over from the previous file when this run fails.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
backup="" status_file="" restore=0 no_wal=0 timeout=600

usage() { echo "usage: $0 --backup DIR --status-file FILE [--restore] [--no-wal] [--timeout SECONDS]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --backup) backup=${2:-}; shift 2 ;;
    --status-file) status_file=${2:-}; shift 2 ;;
    --restore) restore=1; shift ;;
    --no-wal) no_wal=1; shift ;;
    --timeout) timeout=${2:-}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
[ -n "$backup" ] && [ -n "$status_file" ] || usage
[ -d "$backup" ] || { echo "--backup $backup: not a folder" >&2; exit 2; }
[ -d "$(dirname "$status_file")" ] || { echo "--status-file: folder $(dirname "$status_file") missing" >&2; exit 2; }
[ "$(id -u)" != 0 ] || [ "$restore" = 0 ] || { echo "--restore must run as the postgres user, not root" >&2; exit 2; }

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
json_string() {  # a JSON string literal: backslash, quote and control characters escaped
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/}
  s=${s//$'\t'/ }
  printf '"%s"' "$s"
}

started_at=$(now)
method="pg_verifybackup"
# A folder of backups: pick the newest that has a manifest (the last thing pg_basebackup writes).
if [ ! -f "$backup/backup_manifest" ]; then
  newest=$(ls -1td "$backup"/*/ 2>/dev/null | while read -r d; do [ -f "$d/backup_manifest" ] && { echo "${d%/}"; break; }; done || true)
  [ -n "$newest" ] || { echo "--backup $backup: no backup with a backup_manifest" >&2; newest="$backup"; }
  backup=$newest
fi

success=false detail=""
verify_args=(-q)
[ "$no_wal" = 1 ] && verify_args+=(-n)
if out=$(timeout "$timeout" "$PG_BIN/pg_verifybackup" "${verify_args[@]}" "$backup" 2>&1); then
  success=true detail="pg_verifybackup: backup verified"
else
  detail="pg_verifybackup: ${out:-failed}"
fi

scratch=""
cleanup() {
  if [ -n "$scratch" ]; then
    "$PG_BIN/pg_ctl" -D "$scratch/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$scratch"
  fi
}
trap cleanup EXIT

if [ "$success" = true ] && [ "$restore" = 1 ]; then
  method="pg_verifybackup+restore"
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/restore-test.XXXXXX")
  cp -a "$backup" "$scratch/data"
  chmod 700 "$scratch/data"
  rm -f "$scratch/data/standby.signal" "$scratch/data/recovery.signal" "$scratch/data/backup_manifest"
  opts="-c listen_addresses='' -c unix_socket_directories='$scratch' -c archive_mode=off -c port=5432"
  opts+=" -c logging_collector=off -c primary_conninfo='' -c restore_command=''"
  if ! out=$(timeout "$timeout" "$PG_BIN/pg_ctl" -D "$scratch/data" -l "$scratch/log" -o "$opts" -w -t "$timeout" start 2>&1); then
    success=false detail="restore: server did not start: $(tail -n 3 "$scratch/log" 2>/dev/null || echo "$out")"
  elif ! out=$("$PG_BIN/psql" -h "$scratch" -p 5432 -U "$(id -un)" -d postgres -XAtqc \
      "SELECT count(*) FROM pg_database WHERE datallowconn" 2>&1); then
    success=false detail="restore: query failed: $out"
  else
    detail="pg_verifybackup: backup verified; restore: server started, $out databases answer"
  fi
fi

finished_at=$(now)
last_success_at=""
if [ "$success" = true ]; then
  last_success_at=$finished_at
elif [ -f "$status_file" ]; then
  last_success_at=$(sed -n 's/^ *"last_success_at": *"\([^"]*\)".*/\1/p' "$status_file" | head -n 1)
fi

tmp=$(mktemp "$(dirname "$status_file")/.restore-test.XXXXXX")
{
  echo "{"
  echo "  \"version\": 1,"
  echo "  \"started_at\": \"$started_at\","
  echo "  \"finished_at\": \"$finished_at\","
  echo "  \"success\": $success,"
  if [ -n "$last_success_at" ]; then echo "  \"last_success_at\": \"$last_success_at\","; fi
  echo "  \"backup\": $(json_string "$backup"),"
  echo "  \"method\": \"$method\","
  echo "  \"detail\": $(json_string "$detail")"
  echo "}"
} > "$tmp"
chmod 644 "$tmp"
mv -f "$tmp" "$status_file"
[ "$success" = true ]
