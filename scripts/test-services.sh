#!/usr/bin/env bash
# PostgreSQL and Redis of their own for the tests, on free loopback ports in a temporary directory.
#   scripts/test-services.sh start            installs what is missing, starts both, prints the exports
#                                             (eval "$(scripts/test-services.sh start)")
#   scripts/test-services.sh stop DIR         stops both and removes DIR
#   scripts/test-services.sh env DIR          prints the exports again
#   scripts/test-services.sh restart-postgres|restart-redis|stop-postgres|start-postgres|stop-redis|start-redis DIR
#                                             (the failure tests take a service away and bring it back)
# Exports: SPOOL_TEST_POSTGRES_URL (postgresql://postgres@127.0.0.1:PORT/spool), SPOOL_TEST_REDIS_URL
# (redis://127.0.0.1:PORT), SPOOL_TEST_SERVICES_DIR and SPOOL_TEST_SERVICES (this script).
# PostgreSQL runs as the `postgres` user (initdb refuses root) with trust authentication on loopback only.
set -euo pipefail

SCRIPT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"

log() { echo "test-services: $*" >&2; }

pg_bin() { # the newest installed PostgreSQL's bin directory
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

install_missing() {
  local need=()
  [ -n "$(pg_bin)" ] || need+=(postgresql)
  command -v redis-server >/dev/null || need+=(redis-server)
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
      log "missing ${need[*]} and not root: install them (apt-get install ${need[*]})"
      exit 1
    fi
    log "installing ${need[*]}..."
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null 2>&1; then
      DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null 2>&1
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
    fi
  fi
  # pgvector is optional (the store's vector search uses it where it is there); no failure when it is not packaged
  local major
  major="$(basename "$(dirname "$(pg_bin)")")"
  if [ "$(id -u)" = 0 ] && [ ! -e "/usr/share/postgresql/$major/extension/vector.control" ] \
      && apt-cache show "postgresql-$major-pgvector" >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "postgresql-$major-pgvector" >/dev/null 2>&1 || true
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

as_postgres() { # runs a command as the postgres user when we are root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() { # DIR
  local dir="$1" bin port
  bin="$(pg_bin)"
  port="$(cat "$dir/pg.port")"
  as_postgres "$bin/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w -t 30 \
    -o "-p $port -k $dir/pgsock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
}

stop_postgres() { # DIR; immediate: the tests want an outage, not a tidy shutdown
  local dir="$1"
  [ -f "$dir/pg/postmaster.pid" ] || return 0
  as_postgres "$(pg_bin)/pg_ctl" -D "$dir/pg" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
}

start_redis() { # DIR
  local dir="$1"
  redis-server --port "$(cat "$dir/redis.port")" --bind 127.0.0.1 --dir "$dir/redis" --save "" --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null
  local i
  for i in $(seq 1 100); do
    redis-cli -p "$(cat "$dir/redis.port")" ping >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  log "redis did not start; see $dir/redis.log"
  exit 1
}

stop_redis() { # DIR
  local dir="$1" pid i
  [ -f "$dir/redis.pid" ] || return 0
  pid="$(cat "$dir/redis.pid")"
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  rm -f "$dir/redis.pid"
}

print_env() { # DIR
  local dir="$1"
  echo "export SPOOL_TEST_SERVICES_DIR='$dir'"
  echo "export SPOOL_TEST_SERVICES='$SCRIPT'"
  echo "export SPOOL_TEST_POSTGRES_URL='postgresql://postgres@127.0.0.1:$(cat "$dir/pg.port")/spool'"
  echo "export SPOOL_TEST_REDIS_URL='redis://127.0.0.1:$(cat "$dir/redis.port")'"
}

start() {
  install_missing
  local dir bin
  dir="$(mktemp -d "${TMPDIR:-/tmp}/spool-services.XXXXXX")"
  chmod 755 "$dir"
  mkdir -p "$dir/pg" "$dir/pgsock" "$dir/redis"
  [ "$(id -u)" = 0 ] && chown postgres "$dir/pg" "$dir/pgsock" && touch "$dir/pg.log" && chown postgres "$dir/pg.log"
  free_port > "$dir/pg.port"
  free_port > "$dir/redis.port"
  bin="$(pg_bin)"
  as_postgres "$bin/initdb" -D "$dir/pg" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  start_postgres "$dir"
  as_postgres "$bin/createdb" -h 127.0.0.1 -p "$(cat "$dir/pg.port")" -U postgres spool
  start_redis "$dir"
  log "postgres on 127.0.0.1:$(cat "$dir/pg.port"), redis on 127.0.0.1:$(cat "$dir/redis.port") ($dir)"
  print_env "$dir"
}

stop() { # DIR
  local dir="$1"
  [ -d "$dir" ] || return 0
  stop_postgres "$dir"
  stop_redis "$dir"
  rm -rf "$dir"
}

cmd="${1:-}"
case "$cmd" in
  start) start ;;
  stop) stop "${2:?directory}" ;;
  env) print_env "${2:?directory}" ;;
  stop-postgres) stop_postgres "${2:?directory}" ;;
  start-postgres) start_postgres "${2:?directory}" ;;
  restart-postgres) stop_postgres "${2:?directory}"; start_postgres "${2:?directory}" ;;
  stop-redis) stop_redis "${2:?directory}" ;;
  start-redis) start_redis "${2:?directory}" ;;
  restart-redis) stop_redis "${2:?directory}"; start_redis "${2:?directory}" ;;
  *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
