#!/bin/bash
# Issue 13, #9: do replays slow other users' reads? Starts Spool (sqlite) from CHECKOUT, stores EVENTS events on
# one thread (replay-fill), then CLIENTS readers replay it from the start at once while other reads are timed three
# ways: the load client's own probe (replay-contention), curl in a process of its own every 20 ms (end to end, with
# a new connection each), and the server's access lines for those reads (handler time only).
# usage: bench/replay-contention.sh CHECKOUT LABEL [PORT 28311] [CLIENTS 200] [EVENTS 100000]
set -euo pipefail
D=$1; L=$2; P=${3:-28311}; C=${4:-200}; E=${5:-100000}
BENCH="$(cd "$(dirname "$0")" && pwd)"
JAR="$BENCH/target/spool-bench.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java" # a JDK 21+ (JAVA_HOME, as for ./spool)
[ -f "$JAR" ] || (cd "$BENCH" && ../mvnw -q -f pom.xml package)
DATA=$(mktemp -d /tmp/spool-contention-XXXX)
(cd "$D" && exec ./spool serve --port "$P" --storage sqlite --data-dir "$DATA") > "$DATA/server.log" 2>&1 &
SP=$!
trap 'kill $SP 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$P/ok" > /dev/null && break; sleep 0.1; done
"$JAVA" -jar "$JAR" replay-fill --url "http://127.0.0.1:$P" --events "$E" --state "$DATA/state" > /dev/null
T=$(grep '^thread=' "$DATA/state" | cut -d= -f2)
: > "$DATA/curl.txt" # exists before the loop appends to it
( while [ ! -f "$DATA/stop" ]; do
    curl -o /dev/null -s -w "%{time_total}\n" "http://127.0.0.1:$P/threads/$T/state" >> "$DATA/curl.txt"; sleep 0.02
  done ) &
CP=$!
"$JAVA" -Xmx2g -jar "$JAR" replay-contention --url "http://127.0.0.1:$P" --state "$DATA/state" --clients "$C" \
  --label "$L" | grep -E "probe|replay_s|incomplete"
touch "$DATA/stop"; wait $CP
stats() { sort -n | awk -v what="$1" '{a[NR]=$1} END {printf "%s: n=%d p50=%.1f p90=%.1f p99=%.1f max=%.1f ms\n",
  what, NR, a[int(NR*0.5)+1], a[int(NR*0.9)+1], a[int(NR*0.99)+1], a[NR]}'; }
awk '{print $1*1000}' "$DATA/curl.txt" | stats "  curl GET /threads/{t}/state (before and during the replays)"
kill $SP; wait $SP 2>/dev/null || true
grep -E "GET /threads/[^ ]*/state 200" "$DATA/server.log" | awk '{print $(NF-1)}' | stats "  server handler time of state reads"
