#!/usr/bin/env bash
# Private PostgreSQL 15 and Redis instances for the test suites.
#
#   scripts/test-services.sh start   start both unless already running (idempotent, fast when up)
#   scripts/test-services.sh stop    stop both
#   scripts/test-services.sh status  say what is running (exit 1 when something is down)
#   scripts/test-services.sh env     print the export lines the tests read
#
# Usage in CI or a shell:  scripts/test-services.sh start && eval "$(scripts/test-services.sh env)"
#
# Nothing here touches the system's own PostgreSQL or Redis: the cluster lives under
# $CAIRN_TEST_STATE (default /tmp/cairn-test-services), listens on 127.0.0.1:55432 with trust
# auth for loopback and fsync off (throwaway data), and Redis listens on 127.0.0.1:56379 with
# no persistence.
set -euo pipefail

STATE="${CAIRN_TEST_STATE:-/tmp/cairn-test-services}"
PG_BIN="${CAIRN_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_PORT=55432
REDIS_PORT=56379
PG_DATA="$STATE/pg/data"
PG_SOCK="$STATE/pg/run"
PG_LOG="$STATE/pg/postgres.log"
REDIS_DIR="$STATE/redis"

log() { echo "test-services: $*" >&2; }

# initdb and pg_ctl refuse to run as root; as root run them as the postgres system user.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pid_alive() {
    local state
    state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)"
    [ -n "$state" ] && [ "$state" != "Z" ] && [ "$state" != "X" ]
}

remove_stale_lock() {
    local pid
    [ -f "$1" ] || return 0
    pid="$(head -n1 "$1" 2>/dev/null | tr -d ' ' || true)"
    if [ -n "$pid" ] && ! pid_alive "$pid"; then
        log "removing stale $1 (pid $pid is gone)"
        rm -f "$1"
    fi
}

pg_running() {
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -t 1 >/dev/null 2>&1
}

redis_running() {
    [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]
}

pg_start() {
    if pg_running; then
        return 0
    fi
    [ -x "$PG_BIN/initdb" ] || { log "no PostgreSQL binaries at $PG_BIN (apt-get install postgresql)"; return 1; }
    mkdir -p "$STATE/pg" "$PG_SOCK"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres: "$STATE/pg"
        # The postgres user must be able to traverse to its data directory.
        chmod o+x "$STATE"
    fi
    if [ ! -s "$PG_DATA/PG_VERSION" ]; then
        log "initdb $PG_DATA"
        rm -rf "$PG_DATA"
        as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 \
            --locale=C.UTF-8 --no-sync >"$STATE/pg/initdb.log" 2>&1 \
            || { cat "$STATE/pg/initdb.log" >&2; return 1; }
        cat >>"$PG_DATA/postgresql.conf" <<EOF
# cairn test cluster: throwaway data, loopback only
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCK'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
        cat >"$PG_DATA/pg_hba.conf" <<'EOF'
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  trust
host    all       all   ::1/128       trust
EOF
    fi
    # Lock files left by a killed postmaster (its pid file and its socket's lock) stop the next
    # start. Remove them only when no live process holds the pid they name (a zombie waiting to
    # be reaped counts as dead: postgres's own check would take it for alive).
    remove_stale_lock "$PG_DATA/postmaster.pid"
    for lock in "$PG_SOCK"/.s.PGSQL.*.lock; do
        [ -e "$lock" ] && remove_stale_lock "$lock"
    done
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 30 start >/dev/null \
        || { log "PostgreSQL failed to start; tail of $PG_LOG:"; tail -n 30 "$PG_LOG" >&2; return 1; }
    pg_running || { log "PostgreSQL started but does not answer on $PG_PORT"; return 1; }
}

redis_start() {
    if redis_running; then
        return 0
    fi
    command -v redis-server >/dev/null || { log "no redis-server (apt-get install redis-server)"; return 1; }
    mkdir -p "$REDIS_DIR"
    log "starting Redis on 127.0.0.1:$REDIS_PORT"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
        --save '' --appendonly no --daemonize yes \
        --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
    for _ in $(seq 1 50); do
        redis_running && return 0
        sleep 0.1
    done
    log "Redis did not answer; tail of $REDIS_DIR/redis.log:"
    tail -n 30 "$REDIS_DIR/redis.log" >&2 || true
    return 1
}

pg_stop() {
    if [ -f "$PG_DATA/postmaster.pid" ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    fi
}

redis_stop() {
    if redis_running; then
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    fi
}

print_env() {
    echo "export CAIRN_TEST_PG_URL=postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
    echo "export CAIRN_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

case "${1:-}" in
    start)
        pg_start
        redis_start
        ;;
    stop)
        pg_stop
        redis_stop
        ;;
    status)
        rc=0
        if pg_running; then echo "postgres: running on 127.0.0.1:$PG_PORT"; else echo "postgres: down"; rc=1; fi
        if redis_running; then echo "redis: running on 127.0.0.1:$REDIS_PORT"; else echo "redis: down"; rc=1; fi
        exit $rc
        ;;
    env)
        print_env
        ;;
    *)
        echo "usage: $0 start|stop|status|env" >&2
        exit 2
        ;;
esac
