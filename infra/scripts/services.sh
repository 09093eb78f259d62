#!/usr/bin/env bash
# Make PostgreSQL, Redis and (for browser tests) Chromium available on this machine, installing
# them from Debian packages when missing (needs root or sudo) and starting them when stopped.
# Sourced by test.sh and bench.sh; prints what it does. Everything listens on 127.0.0.1 only.
set -euo pipefail

HUB_PG_USER=${HUB_PG_USER:-hub}
HUB_PG_PASSWORD=${HUB_PG_PASSWORD:-hub}
HUB_PG_DB=${HUB_PG_DB:-hub}
HUB_PG_PORT=${HUB_PG_PORT:-5432}
HUB_REDIS_PORT=${HUB_REDIS_PORT:-6379}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
_apt_updated=0
apt_install() {
  if [ "$_apt_updated" = 0 ]; then echo "==> apt-get update"; as_root apt-get update -qq; _apt_updated=1; fi
  echo "==> apt-get install $*"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    apt_install postgresql
  fi
  if ! pg_isready -q -h 127.0.0.1 -p "$HUB_PG_PORT" 2>/dev/null; then
    local cluster
    cluster=$(pg_lsclusters --no-header | awk -v port="$HUB_PG_PORT" '$3 == port {print $1" "$2; exit}')
    if [ -z "$cluster" ]; then
      local version
      version=$(ls /usr/lib/postgresql | sort -V | tail -1)
      echo "==> creating PostgreSQL $version cluster 'main' on port $HUB_PG_PORT"
      as_root pg_createcluster "$version" main --port "$HUB_PG_PORT" >/dev/null
      cluster="$version main"
    fi
    echo "==> starting PostgreSQL cluster $cluster"
    # shellcheck disable=SC2086
    without_inherited_fds as_root pg_ctlcluster $cluster start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$HUB_PG_PORT" && break; sleep 1; done
  fi
  as_root runuser -u postgres -- psql -q -p "$HUB_PG_PORT" -v ON_ERROR_STOP=1 <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$HUB_PG_USER') THEN
    CREATE ROLE $HUB_PG_USER LOGIN CREATEDB PASSWORD '$HUB_PG_PASSWORD';
  ELSE
    ALTER ROLE $HUB_PG_USER LOGIN CREATEDB PASSWORD '$HUB_PG_PASSWORD';
  END IF;
END \$\$;
SQL
  if ! as_root runuser -u postgres -- psql -p "$HUB_PG_PORT" -tAc "SELECT 1 FROM pg_database WHERE datname = '$HUB_PG_DB'" | grep -q 1; then
    as_root runuser -u postgres -- createdb -p "$HUB_PG_PORT" -O "$HUB_PG_USER" "$HUB_PG_DB"
  fi
  export DATABASE_URL="postgres://$HUB_PG_USER:$HUB_PG_PASSWORD@127.0.0.1:$HUB_PG_PORT/$HUB_PG_DB"
  echo "==> PostgreSQL ready: 127.0.0.1:$HUB_PG_PORT/$HUB_PG_DB"
}

# Start a daemon without the caller's open files: a server started under `flock lockfile make …`
# would otherwise inherit the lock's descriptor and hold the lock for as long as it runs.
without_inherited_fds() {
  (
    for fd in /proc/self/fd/*; do
      n=${fd##*/}
      if [ "$n" -gt 2 ] 2>/dev/null; then eval "exec $n>&-"; fi
    done
    "$@"
  )
}

ensure_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    apt_install redis-server
  fi
  if ! redis-cli -h 127.0.0.1 -p "$HUB_REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
    echo "==> starting redis-server on 127.0.0.1:$HUB_REDIS_PORT"
    mkdir -p var/redis
    without_inherited_fds redis-server --bind 127.0.0.1 --port "$HUB_REDIS_PORT" --dir "$(pwd)/var/redis" \
      --daemonize yes --save "" --appendonly no --logfile "$(pwd)/var/redis/redis.log"
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p "$HUB_REDIS_PORT" ping 2>/dev/null | grep -q PONG && break; sleep 0.2; done
  fi
  export REDIS_URL="redis://127.0.0.1:$HUB_REDIS_PORT/${HUB_REDIS_DB:-0}"
  echo "==> Redis ready: 127.0.0.1:$HUB_REDIS_PORT"
}

ensure_chromium() {
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    apt_install chromium chromium-driver
  fi
  export HUB_CHROMIUM=${HUB_CHROMIUM:-$(command -v chromium)}
  export HUB_CHROMEDRIVER=${HUB_CHROMEDRIVER:-$(command -v chromedriver)}
  echo "==> Chromium ready: $HUB_CHROMIUM"
}

ensure_gettext() {
  # GNU msgfmt: the tests check every PO export with `msgfmt -c`, as translators' tools do.
  if ! command -v msgfmt >/dev/null 2>&1; then
    apt_install gettext
  fi
  echo "==> gettext ready: $(command -v msgfmt)"
}
