#!/usr/bin/env bash
# Runs the SDK conformance suite: installs the pinned SDK if needed, starts Spool (SQLite, fresh data dir) on a
# free port, runs `node --test` against it with SPOOL_URL set, stops Spool, exits with the tests' status.
#   conformance/run.sh [node --test arguments, e.g. test/threads.test.mjs]
#   SPOOL_CONFORMANCE_STORAGE=postgres conformance/run.sh   the same on postgres: a fresh database on
#                                       SPOOL_TEST_POSTGRES_URL with SPOOL_TEST_REDIS_URL (scripts/test-services.sh)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
cd "$HERE"

# 1. dependencies: npm ci when node_modules is missing or older than the lock file
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "conformance: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

# 2. a free port (bound then released by the OS; Spool binds it right after)
PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/spool-conformance.XXXXXX")"
LOG="$DATA_DIR/server.log"
SERVER_PID=""

# The server runs in a process group of its own (job control on), so stopping it also stops a build in progress.
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$DATA_DIR"
}
trap stop_server EXIT

# 3. start Spool (the launcher builds first when the sources changed) and wait for GET /ok
STORAGE="${SPOOL_CONFORMANCE_STORAGE:-sqlite}"
STORAGE_ARGS=(--storage "$STORAGE" --data-dir "$DATA_DIR")
if [ "$STORAGE" = postgres ]; then
  : "${SPOOL_TEST_POSTGRES_URL:?postgres needs SPOOL_TEST_POSTGRES_URL (eval \"\$(scripts/test-services.sh start)\")}"
  DB="spool_conformance_$(date +%s%N)"
  psql -q "$SPOOL_TEST_POSTGRES_URL" -c "CREATE DATABASE $DB" >&2
  STORAGE_ARGS+=(--postgres-url "${SPOOL_TEST_POSTGRES_URL%/*}/$DB" --redis-url "$SPOOL_TEST_REDIS_URL")
fi
set -m
# TTL sweeps every 0.2 s, so the TTL tests see a thread expire a moment after its TTL
SPOOL_TTL_SWEEP_SECONDS="${SPOOL_TTL_SWEEP_SECONDS:-0.2}" \
  "$ROOT/spool" serve --port "$PORT" "${STORAGE_ARGS[@]}" >"$LOG" 2>&1 &
SERVER_PID=$!
set +m
URL="http://127.0.0.1:$PORT"
START_TIMEOUT="${SPOOL_START_TIMEOUT:-120}" # seconds, the launcher's build included
deadline=$((SECONDS + START_TIMEOUT))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/ok" 2>/dev/null)" = "200" ]; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "conformance: spool exited before it was ready; its output:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "conformance: spool not ready on $URL after $START_TIMEOUT s; its output:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.2
done
echo "conformance: spool ready on $URL (pid $SERVER_PID, storage $STORAGE)" >&2

# 4. the tests; the console's browser test (test/ui.test.mjs) runs on the sqlite run only, once per suite
if [ "$STORAGE" = sqlite ] && [ -z "${SPOOL_CHROMIUM:-}" ]; then
  SPOOL_CHROMIUM="$("$ROOT/scripts/chromium.sh")"
  export SPOOL_CHROMIUM
elif [ "$STORAGE" != sqlite ]; then
  unset SPOOL_CHROMIUM
fi
set +e
# test files run side by side (they share nothing but the server); tests inside a file run in order unless
# the file says otherwise (the reconnect files, which mostly wait out the SDK's backoff)
SPOOL_URL="$URL" node --test --test-concurrency=8 "$@"
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "conformance: tests failed; the server's log ($LOG):" >&2
  tail -n 100 "$LOG" >&2
fi
# 5. + 6. the trap stops the server; the script exits with the tests' status
exit "$status"
