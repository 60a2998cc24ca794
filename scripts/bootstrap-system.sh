#!/usr/bin/env bash
# Installs the Debian packages jivs-monitoring tests and demos run for real:
# promtool/amtool, PostgreSQL 15, PgBouncer, pgBackRest, Redis + Sentinel and
# Debian's exporters. Idempotent: installs only what is missing. As root it
# uses apt-get; otherwise it prints what to install and exits 1.
set -euo pipefail

PACKAGES=(
  prometheus                      # promtool, and the server tests query
  prometheus-alertmanager         # amtool, alertmanager
  postgresql-15 postgresql-client-15
  pgbouncer
  pgbackrest
  redis-server redis-tools        # redis-server --sentinel runs Sentinel
  prometheus-postgres-exporter
  prometheus-redis-exporter
  prometheus-node-exporter
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: all system packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "bootstrap: missing Debian packages: ${missing[*]}" >&2
  echo "bootstrap: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "bootstrap: installing ${missing[*]}"
# The packages' own daemons are never wanted: tests start their own on free
# loopback ports. policy-rc.d 101 stops the maintainer scripts starting them,
# and no default PostgreSQL cluster is created.
restore_policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  restore_policy=yes
fi
mkdir -p /etc/postgresql-common
if ! grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf; then
  echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
[ -n "$restore_policy" ] && rm -f /usr/sbin/policy-rc.d
# Maintainer scripts may still have launched daemons (no init system here):
# stop them so they hold no default ports.
for d in prometheus alertmanager redis-server redis-sentinel pgbouncer \
         prometheus-node-exporter prometheus-postgres-exporter \
         prometheus-redis-exporter prometheus-pgbouncer-exporter; do
  pkill -x "$d" 2>/dev/null || true
done
echo "bootstrap: done"
