#!/usr/bin/env bash
# Cross-process delivery on --storage postgres (not part of run.sh): two Spool processes A and B on one PostgreSQL and
# one Redis of their own (scripts/test-services.sh). CLIENTS clients read a thread's stream through A while a burst
# run of EVENTS events at RATE per second executes on B (created through B) — "cross" — or on A itself — "local" —,
# alternating, REPS times each. Delivery latency = receipt time − the time stamp the graph put in the event.
#   bench/scaleout.sh [REPS] [CLIENTS] [EVENTS] [RATE]      (defaults 3 100 400 100)
# Prints the figures and writes bench/results/raw/<date-time>-scaleout.tsv. Everything started is stopped on exit.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
REPS="${1:-3}" CLIENTS="${2:-100}" EVENTS="${3:-400}" RATE="${4:-100}"

JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}/bin/java"
JAR="$BENCH/target/spool-bench.jar"
if [ ! -f "$JAR" ] || [ -n "$(find "$BENCH/src" "$BENCH/pom.xml" -newer "$JAR" -print -quit)" ]; then
  (cd "$ROOT" && ./mvnw -q -B -f bench/pom.xml package -DskipTests) >&2
fi
CP="$("$ROOT/spool" classpath)"
mapfile -t JVM_OPTS < <("$ROOT/spool" jvm-options)

TMP="$(mktemp -d /tmp/spool-scaleout.XXXXXX)"
mkdir -p "$BENCH/results/raw"
RAW="$BENCH/results/raw/$(date +%F-%H%M%S)-scaleout.tsv"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${SPOOL_TEST_SERVICES_DIR:-}" ] && "$ROOT/scripts/test-services.sh" stop "$SPOOL_TEST_SERVICES_DIR"
  rm -rf "$TMP"
}
trap cleanup EXIT
eval "$("$ROOT/scripts/test-services.sh" start)"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
start() { # NAME: a Spool process on the shared database; sets URL (not in a subshell: PIDS must keep its pid)
  local port
  port="$(free_port)"
  "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" io.spool.server.Main serve --port "$port" --storage postgres \
    --postgres-url "$SPOOL_TEST_POSTGRES_URL" --redis-url "$SPOOL_TEST_REDIS_URL" > "$TMP/$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$port/ok" >/dev/null 2>&1 && { URL="http://127.0.0.1:$port"; return; }
    sleep 0.25
  done
  echo "scaleout.sh: $1 did not start:" >&2; tail -20 "$TMP/$1.log" >&2; exit 1
}
start a; A="$URL"
start b; B="$URL"
echo "scaleout.sh: A $A, B $B; $CLIENTS clients on A, $EVENTS events at $RATE/s, $REPS repetitions" >&2

fanout() { # LABEL RUN_URL REP
  "$JAVA" -XX:+UseSerialGC -Xms256m -Xmx1g -jar "$JAR" thread-fanout --url "$A" --run-url "$2" \
    --clients "$CLIENTS" --events "$EVENTS" --rate "$RATE" --label "$1" --rep "$3" --out "$RAW" \
    --measure cross_process >&2
}
fanout warmup "$A" 0
for rep in $(seq 1 "$REPS"); do
  fanout local "$A" "$rep"
  fanout cross "$B" "$rep"
done

echo "| | rep | p50 ms | p90 ms | p99 ms | max ms | every client every event in order |"
echo "|---|---|---|---|---|---|---|"
awk -F'\t' '$2 != "warmup" { v[$2" "$3" "$4] = $5; k[$2" "$3] = 1 }
  END { for (x in k) print x, v[x" p50_ms"], v[x" p90_ms"], v[x" p99_ms"], v[x" max_ms"], v[x" all_clients_all_events"] }' \
  "$RAW" | sort | awk '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, ($7 == 1 ? "yes" : "NO") }'
