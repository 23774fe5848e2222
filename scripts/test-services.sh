#!/usr/bin/env bash
# Private PostgreSQL 15, Redis and S3 (Versity S3 Gateway) instances for the test suites.
#
#   scripts/test-services.sh start   start them unless already running (idempotent, fast when up)
#   scripts/test-services.sh stop    stop them
#   scripts/test-services.sh status  say what is running (exit 1 when something is down)
#   scripts/test-services.sh env     print the export lines the tests read
#
# Usage in CI or a shell:  scripts/test-services.sh start && eval "$(scripts/test-services.sh env)"
#
# Nothing here touches the system's own PostgreSQL or Redis: the cluster lives under
# $CAIRN_TEST_STATE (default /tmp/cairn-test-services), listens on 127.0.0.1:55432 with trust
# auth for loopback and fsync off (throwaway data), Redis listens on 127.0.0.1:56379 with
# no persistence, and versitygw serves S3 on 127.0.0.1:58333 with fixed test credentials and a
# bucket `cairn-test`, its objects stored as files under $CAIRN_TEST_STATE/s3. The versitygw
# binary is built by scripts/install-s3-server.sh the first time (about 1.5 minutes;
# CAIRN_TEST_S3_BIN names another build).
set -euo pipefail

STATE="${CAIRN_TEST_STATE:-/tmp/cairn-test-services}"
PG_BIN="${CAIRN_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_PORT=55432
REDIS_PORT=56379
PG_DATA="$STATE/pg/data"
PG_SOCK="$STATE/pg/run"
PG_LOG="$STATE/pg/postgres.log"
REDIS_DIR="$STATE/redis"
SCRIPTS_DIR="$(cd "$(dirname "$0")" && pwd)"
S3_PORT=58333
S3_DIR="$STATE/s3"
S3_BUCKET=cairn-test
S3_REGION=us-east-1
# Fixed throwaway credentials of the loopback-only test server.
S3_ACCESS_KEY=cairn-test-access-key
S3_SECRET_KEY=cairn-test-secret-key-0123456789

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

# A signed ListObjectsV2 of the test bucket answers 200: the server is up, the credentials work
# and the bucket exists. (S3 wants the payload hash as a header: here the empty body's.)
s3_running() {
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --aws-sigv4 "aws:amz:$S3_REGION:s3" \
        -u "$S3_ACCESS_KEY:$S3_SECRET_KEY" \
        -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
        "http://127.0.0.1:$S3_PORT/$S3_BUCKET?list-type=2&max-keys=1" 2>/dev/null)" = 200 ]
}

# The pid in $S3_DIR/s3.pid, when that process is still our S3 server (a recycled pid of some
# other process must never be waited for or killed).
s3_pid() {
    local pid
    pid="$(cat "$S3_DIR/s3.pid" 2>/dev/null || true)"
    [ -n "$pid" ] && pid_alive "$pid" || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- " posix $S3_DIR/data" || return 1
    echo "$pid"
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

s3_start() {
    if s3_running; then
        return 0
    fi
    command -v curl >/dev/null || { log "no curl (apt-get install curl)"; return 1; }
    local bin="${CAIRN_TEST_S3_BIN:-$("$SCRIPTS_DIR/install-s3-server.sh" --print-path)}"
    if [ ! -x "$bin" ]; then
        [ -z "${CAIRN_TEST_S3_BIN:-}" ] || { log "CAIRN_TEST_S3_BIN=$bin is not executable"; return 1; }
        "$SCRIPTS_DIR/install-s3-server.sh"
    fi
    # The posix backend serves each folder under its root as a bucket.
    mkdir -p "$S3_DIR/data/$S3_BUCKET"
    local pid
    if pid="$(s3_pid)"; then
        log "S3 server (pid $pid) is running but does not serve the bucket yet; waiting for it"
    else
        log "starting versitygw S3 on 127.0.0.1:$S3_PORT"
        # Loopback only, no web UI or admin port; setsid: the server outlives this script's session.
        setsid "$bin" --port "127.0.0.1:$S3_PORT" --access "$S3_ACCESS_KEY" --secret "$S3_SECRET_KEY" \
            --region "$S3_REGION" --quiet posix "$S3_DIR/data" \
            </dev/null >"$S3_DIR/s3.log" 2>&1 &
        pid=$!
        echo "$pid" >"$S3_DIR/s3.pid"
    fi
    for _ in $(seq 1 100); do
        s3_running && return 0
        pid_alive "$pid" || break
        sleep 0.2
    done
    log "the S3 server did not serve the bucket; tail of $S3_DIR/s3.log:"
    tail -n 30 "$S3_DIR/s3.log" >&2 || true
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

s3_stop() {
    local pid
    if pid="$(s3_pid)"; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            pid_alive "$pid" || break
            sleep 0.2
        done
        if pid_alive "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
    fi
    rm -f "$S3_DIR/s3.pid"
}

print_env() {
    echo "export CAIRN_TEST_PG_URL=postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
    echo "export CAIRN_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
    echo "export CAIRN_TEST_S3_ENDPOINT=http://127.0.0.1:$S3_PORT"
    echo "export CAIRN_TEST_S3_BUCKET=$S3_BUCKET"
    echo "export AWS_ACCESS_KEY_ID=$S3_ACCESS_KEY"
    echo "export AWS_SECRET_ACCESS_KEY=$S3_SECRET_KEY"
    echo "export AWS_REGION=$S3_REGION"
}

case "${1:-}" in
    start)
        pg_start
        redis_start
        s3_start
        ;;
    stop)
        pg_stop
        redis_stop
        s3_stop
        ;;
    status)
        rc=0
        if pg_running; then echo "postgres: running on 127.0.0.1:$PG_PORT"; else echo "postgres: down"; rc=1; fi
        if redis_running; then echo "redis: running on 127.0.0.1:$REDIS_PORT"; else echo "redis: down"; rc=1; fi
        if s3_running; then echo "s3: running on 127.0.0.1:$S3_PORT (bucket $S3_BUCKET)"; else echo "s3: down"; rc=1; fi
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
