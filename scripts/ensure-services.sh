#!/usr/bin/env bash
# PostgreSQL (Airflow metadata) and Redis (Celery broker) on the standard loopback ports,
# for running Parley's DAG under the CeleryExecutor without Docker (tests/test_celery.py).
# Servers already listening are used as they are; otherwise Debian's packages are
# installed if missing and started. Prints nothing on success; `stop` stops only what
# this script started.
set -euo pipefail

STATE_DIR="${PARLEY_SERVICES_DIR:-/tmp/parley-services}"
PG_ROLE="${PARLEY_PG_USER:-parley}"
PG_PASSWORD="${PARLEY_PG_PASSWORD:-parley}"
mkdir -p "$STATE_DIR"

apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "missing $*: install Debian's packages (sudo apt-get install $*)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_up() { pg_isready -q -h 127.0.0.1 -p 5432; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

start_postgres() {
  postgres_up && return 0
  command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql
  local version
  version="$(pg_lsclusters --no-header | awk '$3 == 5432 {print $1; exit}')"
  if [ -z "$version" ]; then
    version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
    pg_createcluster --port 5432 "$version" main >/dev/null
  fi
  pg_ctlcluster "$version" main start
  echo "$version" >"$STATE_DIR/postgres-started"
  for _ in $(seq 30); do postgres_up && return 0; sleep 1; done
  echo "PostgreSQL did not come up on 127.0.0.1:5432" >&2
  exit 1
}

ensure_role() {
  # A login role that may create the throwaway databases the tests use.
  as_postgres psql -q -h /var/run/postgresql -d postgres -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_ROLE') THEN
    CREATE ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  END IF;
END \$\$;
SQL
}

start_redis() {
  redis_up && return 0
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no \
    --pidfile "$STATE_DIR/redis.pid" --logfile "$STATE_DIR/redis.log"
  touch "$STATE_DIR/redis-started"
  for _ in $(seq 30); do redis_up && return 0; sleep 1; done
  echo "Redis did not come up on 127.0.0.1:6379" >&2
  exit 1
}

stop_started() {
  if [ -f "$STATE_DIR/postgres-started" ]; then
    pg_ctlcluster "$(cat "$STATE_DIR/postgres-started")" main stop
    rm "$STATE_DIR/postgres-started"
  fi
  if [ -f "$STATE_DIR/redis-started" ]; then
    redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1 || true
    rm "$STATE_DIR/redis-started"
  fi
}

case "${1:-start}" in
  start) start_postgres; ensure_role; start_redis ;;
  stop) stop_started ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
