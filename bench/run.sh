#!/usr/bin/env bash
# Spool's benchmarks, side by side with the JS peer (the official JS Agent Server), in one run.
#   bench/run.sh                 full run: 3 repetitions, Spool and the peer alternating per measurement
#   bench/run.sh --quick         smoke test: tiny counts, 1 repetition, no peer (add --with-peer for it)
# Options: --reps N   --with-peer   --no-peer   --only 1,2,3,4,5,6,7,8   --keep (keep the temporary directory)
# Environment: SPOOL_PORT (28123), PEER_PORT (2124), RAW_PORT (28199), PEER_SRC (../shared/reference/peer),
#              BENCH_JAVA_OPTS (load client JVM options), SPOOL_JAVA_OPTS (passed on like ./spool does),
#              SPOOL_CLASSPATH (use this class path instead of `../spool classpath`, which builds when sources changed).
# Writes bench/results/<date>.md (quick runs: bench/results/raw/<date>-quick.md) and prints it. See bench/README.md.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
PEER_SRC="${PEER_SRC:-$ROOT/../shared/reference/peer}"

QUICK=0 PEER=1 PEER_SET=0 REPS="" ONLY="1,2,3,4,5,6,7,8" KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --with-peer) PEER=1; PEER_SET=1 ;;
    --no-peer) PEER=0; PEER_SET=1 ;;
    --reps) REPS="$2"; shift ;;
    --only) ONLY="$2"; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ "$QUICK" = 1 ] && [ "$PEER_SET" = 0 ]; then PEER=0; fi
REPS="${REPS:-$([ "$QUICK" = 1 ] && echo 1 || echo 3)}"
wants() { [[ ",$ONLY," == *",$1,"* ]]; }

# ---- sizes: full run / --quick ---------------------------------------------------------------------------------
if [ "$QUICK" = 1 ]; then
  N_DIRECT=200 N_JOINED=5000 N_RAW=20000 WAIT_SPOOL=50 WAIT_SPOOL_WARM=5 WAIT_PEER=5 WAIT_PEER_WARM=1
  FAN_CLIENTS=100 FAN_EVENTS=10 FAN_RATE=20 RJ_CLIENTS=20 RJ_COUNT=50 RJ_PAUSE=1000
  MEM_CONNS=100 SETTLE_MS=1000 REPLAY_EVENTS=20000 CLIENT_TIMEOUT=240 MAX_S=30
else
  N_DIRECT=2000 N_JOINED=100000 N_RAW=100000 WAIT_SPOOL=1000 WAIT_SPOOL_WARM=20 WAIT_PEER=20 WAIT_PEER_WARM=2
  FAN_CLIENTS=10000 FAN_EVENTS=100 FAN_RATE=20 RJ_CLIENTS=200 RJ_COUNT=500 RJ_PAUSE=3000
  MEM_CONNS=2000 SETTLE_MS=3000 REPLAY_EVENTS=1000000 CLIENT_TIMEOUT=1800 MAX_S=300
fi

# ---- file descriptors: 10,000 clients + as many server sockets -------------------------------------------------
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((FAN_CLIENTS * 2 + 1000)) ]; then
  echo "run.sh: warning: open-file limit $(ulimit -n) is low for $FAN_CLIENTS clients" >&2
fi

# ---- JDK (the same search as ./spool) ------------------------------------------------------------------------
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
}
find_jdk() {
  local candidates=() best="" best_version=0 v home
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for d in /usr/lib/jvm/*; do [ -d "$d" ] && candidates+=("$d"); done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    v=$(java_major "$home/bin/java")
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_version" ]; then best="$home"; best_version="$v"; fi
  done
  [ -n "$best" ] || { echo "run.sh: no JDK 21 or newer found" >&2; exit 1; }
  echo "$best"
}
export JAVA_HOME="$(find_jdk)"
JAVA="$JAVA_HOME/bin/java"
# Spool's JVM options, from the launcher (which builds first when the sources changed), so that both always agree.
mapfile -t JVM_OPTS < <("$ROOT/spool" jvm-options)
[ "${#JVM_OPTS[@]}" -gt 0 ] || { echo "run.sh: ./spool jvm-options printed nothing" >&2; exit 1; }
read -r -a CLIENT_OPTS <<< "${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xms256m -Xmx2g}"

# ---- build: the load client, and Spool (./spool classpath builds it when sources changed) ------------------------
JAR="$BENCH/target/spool-bench.jar"
if [ ! -f "$JAR" ] || [ -n "$(find "$BENCH/src" "$BENCH/pom.xml" -newer "$JAR" -print -quit)" ]; then
  echo "run.sh: building the load client..." >&2
  (cd "$ROOT" && ./mvnw -q -B -f bench/pom.xml package -DskipTests) >&2
fi
CP="${SPOOL_CLASSPATH:-$("$ROOT/spool" classpath)}"

# ---- bookkeeping: everything started here is stopped by pid on exit ----------------------------------------------
TMP="$(mktemp -d /tmp/spool-bench.XXXXXX)"
STAMP="$(date +%F)"
mkdir -p "$BENCH/results/raw"
RAW="$BENCH/results/raw/$(date +%F-%H%M%S)$(if [ "$QUICK" = 1 ]; then echo -quick; fi).tsv"
: > "$RAW"
SPOOL_PID="" RAW_PID="" PEER_DIR="" PEER_UP=0
if [ -n "${SPOOL_CLASSPATH:-}" ]; then # another class path: the launcher's start-up caches do not belong to it
  KEPT=()
  for o in "${JVM_OPTS[@]}"; do
    case "$o" in
      -XX:AOTCache=*) ;;
      -XX:SharedArchiveFile=*) KEPT+=("-XX:SharedArchiveFile=$TMP/spool.jsa") ;;
      *) KEPT+=("$o") ;;
    esac
  done
  JVM_OPTS=("${KEPT[@]}")
fi
FAILS=()

stop_pid() { # pid: TERM, up to 10 s, then KILL
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
}
stop_spool() { stop_pid "$SPOOL_PID"; SPOOL_PID=""; }
stop_peer() {
  if [ "$PEER_UP" = 1 ]; then "$PEER_DIR/stop.sh" "$PEER_PORT" >/dev/null 2>&1 || true; PEER_UP=0; fi
}
cleanup() {
  set +e
  stop_spool
  stop_pid "$RAW_PID"
  stop_peer
  if [ "$KEEP" = 1 ]; then echo "run.sh: kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { # first port from $1 on that nothing listens on (never 2024)
  local p="$1"
  while [ "$p" = 2024 ] || ss -ltnH "sport = :$p" 2>/dev/null | grep -q .; do p=$((p + 1)); done
  echo "$p"
}
SPOOL_PORT="$(free_port "${SPOOL_PORT:-28123}")"
PEER_PORT="${PEER_PORT:-2124}" PEER_URL=""
RAW_PORT="$(free_port "${RAW_PORT:-28199}")"
SPOOL_URL="http://127.0.0.1:$SPOOL_PORT"

client() { timeout "$CLIENT_TIMEOUT" "$JAVA" "${CLIENT_OPTS[@]}" -jar "$JAR" "$@"; }
# m LABEL REP COMMAND ARGS...: one measurement; a failure is recorded and the run goes on.
m() {
  local label="$1" rep="$2" cmd="$3"; shift 3
  local url="$SPOOL_URL"; [ "$label" = peer ] && url="$PEER_URL"; [ "$label" = raw ] && url="http://127.0.0.1:$RAW_PORT"
  echo "== $cmd [$label #$rep] $*" >&2
  local rc=0
  client "$cmd" --url "$url" --out "$RAW" --label "$label" --rep "$rep" "$@" >&2 || rc=$?
  if [ "$rc" != 0 ]; then
    FAILS+=("$cmd [$label #$rep] $* (exit $rc)")
    echo "   FAILED (exit $rc)" >&2
  fi
  return 0
}
# pm: the same for the peer, when it is measured at all
pm() { if [ "$PEER" = 1 ]; then m peer "$@"; fi; }

wait_ok() { # url seconds
  for _ in $(seq 1 $(($2 * 20))); do
    curl -s -m 1 -o /dev/null -w '%{http_code}' "$1/ok" 2>/dev/null | grep -q 200 && return 0
    sleep 0.05
  done
  return 1
}
listener_pid() { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
peer_pid() { listener_pid "$PEER_PORT"; }
# The server on the port must be the one we started: other people run servers on this machine too.
check_spool() {
  if [ "$(listener_pid "$SPOOL_PORT")" != "$SPOOL_PID" ]; then
    echo "run.sh: port $SPOOL_PORT is not served by the Spool we started (pid $SPOOL_PID) but by pid" \
      "$(listener_pid "$SPOOL_PORT"); try another SPOOL_PORT" >&2
    exit 1
  fi
}
check_peer() {
  local pid; pid="$(peer_pid)"
  if [ -z "$pid" ] || [ "$(readlink "/proc/$pid/cwd")" != "$PEER_DIR" ]; then # start.sh runs it in its folder
    echo "run.sh: port $PEER_PORT is not served by the peer we started (listener pid ${pid:-none}); try another PEER_PORT" >&2
    exit 1
  fi
}
start_spool() { # a fresh data dir each time
  local dir="$TMP/spool-data-$1"
  mkdir -p "$dir"
  "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" io.spool.server.Main serve --port "$SPOOL_PORT" --storage sqlite \
    --data-dir "$dir" > "$TMP/spool-$1.log" 2>&1 &
  SPOOL_PID=$!
  wait_ok "$SPOOL_URL" 60 || { echo "run.sh: Spool did not start; log:" >&2; tail -20 "$TMP/spool-$1.log" >&2; exit 1; }
  check_spool
}
start_peer() {
  (cd "$PEER_DIR" && ./start.sh "$PEER_PORT") >&2
  PEER_UP=1
  check_peer
}

# ---- the peer: copied to a temporary directory, npm ci -------------------------------------------------------
if [ "$PEER" = 1 ]; then
  [ -d "$PEER_SRC" ] || { echo "run.sh: no peer at $PEER_SRC (use --no-peer)" >&2; exit 1; }
  PEER_PORT="$(free_port "$PEER_PORT")"
  PEER_URL="http://127.0.0.1:$PEER_PORT"
  PEER_DIR="$TMP/peer"
  cp -r "$PEER_SRC" "$PEER_DIR"
  chmod -R u+w "$PEER_DIR"
  echo "run.sh: npm ci for the peer in $PEER_DIR..." >&2
  (cd "$PEER_DIR" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

echo "run.sh: $([ "$QUICK" = 1 ] && echo quick || echo full) run, $REPS repetition(s), peer $([ "$PEER" = 1 ] && echo on || echo off); raw figures in $RAW" >&2

# ---- #7 start-up and #5 memory: a fresh server per repetition ----------------------------------------------------
if wants 5 || wants 7; then
  # One untimed start of each first, as a user's second start: on JDK 21-24 Spool's first start writes its class-data-
  # sharing archive, and the peer's first start after npm ci warms caches.
  echo "== warm-up starts (not measured)" >&2
  start_spool warmup; stop_spool
  if [ "$PEER" = 1 ]; then start_peer; stop_peer; fi
  for rep in $(seq 1 "$REPS"); do
    dir="$TMP/spool-data-start-$rep"; mkdir -p "$dir"
    echo "== startup [spool #$rep]" >&2
    rm -f "$TMP/spool.pid"
    if client startup --url "$SPOOL_URL" --out "$RAW" --label spool --rep "$rep" --pidfile "$TMP/spool.pid" \
         --log "$TMP/spool-start-$rep.log" -- "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" io.spool.server.Main serve \
         --port "$SPOOL_PORT" --storage sqlite --data-dir "$dir" >&2; then
      SPOOL_PID="$(cat "$TMP/spool.pid")"
      check_spool
      if wants 5; then m spool "$rep" memory --pid "$SPOOL_PID" --conns "$MEM_CONNS" --join thread --settle-ms "$SETTLE_MS"; fi
    else
      FAILS+=("startup [spool #$rep]")
      if [ -f "$TMP/spool.pid" ]; then SPOOL_PID="$(cat "$TMP/spool.pid")"; fi
    fi
    stop_spool
    if [ "$PEER" = 1 ]; then
      echo "== startup [peer #$rep]" >&2
      PEER_UP=1 # stop.sh is harmless if the start failed
      if client startup --url "$PEER_URL" --out "$RAW" --label peer --rep "$rep" --dir "$PEER_DIR" --wait-exit \
           --log "$TMP/peer-start-$rep.log" -- ./start.sh "$PEER_PORT" >&2; then
        check_peer
        if wants 5; then m peer "$rep" memory --pid "$(peer_pid)" --conns "$MEM_CONNS" --join run --settle-ms "$SETTLE_MS"; fi
      else
        FAILS+=("startup [peer #$rep]")
      fi
      stop_peer
    fi
  done
fi

# ---- the long-running servers for #1-#4, #6, #8 -------------------------------------------------------------------
start_spool main
if [ "$PEER" = 1 ]; then start_peer; fi
"$JAVA" -XX:+UseSerialGC -jar "$JAR" raw-server --port "$RAW_PORT" > "$TMP/raw-server.log" 2>&1 &
RAW_PID=$!
wait_ok "http://127.0.0.1:$RAW_PORT" 30 || { echo "run.sh: raw server did not start" >&2; exit 1; }
[ "$(listener_pid "$RAW_PORT")" = "$RAW_PID" ] || { echo "run.sh: port $RAW_PORT is someone else's; try another RAW_PORT" >&2; exit 1; }

if wants 1; then
  for rep in $(seq 1 "$REPS"); do
    m spool "$rep" burst-direct --count "$N_DIRECT" --max-s "$MAX_S"
    pm "$rep" burst-direct --count "$N_DIRECT" --max-s "$MAX_S"
  done
fi
if wants 2 || wants 8; then
  for rep in $(seq 1 "$REPS"); do
    m raw "$rep" raw --count "$N_RAW"
    m spool "$rep" burst-joined --count "$N_JOINED" --max-s "$MAX_S" --join thread --pid "$SPOOL_PID"
    if wants 8; then m spool "$rep" burst-joined --count "$N_JOINED" --max-s "$MAX_S" --join thread --pid "$SPOOL_PID" --slow-reader 10; fi
    pm "$rep" burst-joined --count "$N_JOINED" --max-s "$MAX_S" --join run --pid "$(peer_pid)"
  done
fi
if wants 3; then
  for rep in $(seq 1 "$REPS"); do
    m spool "$rep" wait --runs "$WAIT_SPOOL" --warmups "$WAIT_SPOOL_WARM"
    pm "$rep" wait --runs "$WAIT_PEER" --warmups "$WAIT_PEER_WARM"
  done
fi
if wants 4; then
  for rep in $(seq 1 "$REPS"); do
    m spool "$rep" thread-fanout --clients "$FAN_CLIENTS" --events "$FAN_EVENTS" --rate "$FAN_RATE" --pid "$SPOOL_PID"
    m spool "$rep" run-fanout --clients "$RJ_CLIENTS" --count "$RJ_COUNT" --pause-ms "$RJ_PAUSE" --pid "$SPOOL_PID"
    pm "$rep" run-fanout --clients "$RJ_CLIENTS" --count "$RJ_COUNT" --pause-ms "$RJ_PAUSE" --pid "$(peer_pid)"
  done
fi
if wants 6; then
  m spool 0 replay-fill --events "$REPLAY_EVENTS" --state "$TMP/replay-spool.properties"
  pm 0 replay-fill --events "$REPLAY_EVENTS" --state "$TMP/replay-peer.properties" --via poll
  for rep in $(seq 1 "$REPS"); do
    if [ -f "$TMP/replay-spool.properties" ]; then m spool "$rep" replay --state "$TMP/replay-spool.properties" --join thread; fi
    if [ -f "$TMP/replay-peer.properties" ]; then pm "$rep" replay --state "$TMP/replay-peer.properties" --join run; fi
  done
fi

# ---- the results file ---------------------------------------------------------------------------------------------
PEER_INFO="not measured"
if [ "$PEER" = 1 ]; then
  PEER_INFO="$(curl -s -m 5 "$PEER_URL/info" || echo '(GET /info failed)')"
  pv() { node -p "require('$PEER_DIR/node_modules/$1/package.json').version" 2>/dev/null || echo "?"; }
  PEER_INFO="@langchain/langgraph-api $(pv @langchain/langgraph-api), @langchain/langgraph-cli $(pv @langchain/langgraph-cli), @langchain/langgraph $(pv @langchain/langgraph); GET /info: $PEER_INFO"
fi
SPOOL_INFO="$(curl -s -m 5 "$SPOOL_URL/info" || echo '(GET /info failed)')"
GIT_REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
GIT_DIRTY="$(git -C "$ROOT" status --porcelain 2>/dev/null | wc -l | tr -d ' ')"
stop_spool; stop_peer; stop_pid "$RAW_PID"; RAW_PID=""

client report --raw "$RAW" --out "$TMP/table.md" >&2
if [ "$QUICK" = 1 ]; then OUT="$BENCH/results/raw/$STAMP-quick.md"; else OUT="$BENCH/results/$STAMP.md"; fi
[ -e "$OUT" ] && OUT="${OUT%.md}-$(date +%H%M%S).md"
{
  echo "# Spool benchmark — $(date '+%F %H:%M %Z')$([ "$QUICK" = 1 ] && echo ' (QUICK smoke run: tiny counts, not representative)')"
  echo
  echo "Spool and the JS peer measured in the same run, $REPS repetition(s), alternating per measurement; figures are medians."
  echo
  echo "## Machine and versions"
  echo
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)"
  echo "- kernel: $(uname -srm)"
  echo "- memory (\`free -h\`):"
  echo
  echo '```'
  free -h
  echo '```'
  echo
  echo "- JDK: $("$JAVA" -version 2>&1 | head -1) at $JAVA_HOME"
  echo "- Spool: commit $GIT_REV ($GIT_DIRTY uncommitted paths)$([ -n "${SPOOL_CLASSPATH:-}" ] && echo ", class path from SPOOL_CLASSPATH"), \`--storage sqlite\`, JVM options \`${JVM_OPTS[*]}\`; GET /info: $SPOOL_INFO"
  echo "- Node: $(node --version 2>/dev/null || echo none), npm $(npm --version 2>/dev/null || echo none)"
  echo "- peer: $PEER_INFO"
  echo "- load client: spool-bench (Java, virtual threads, HdrHistogram 2.2.2), JVM options \`${CLIENT_OPTS[*]}\`; open-file limit $(ulimit -n)"
  echo "- load at the start of the run (\`uptime\`): $(uptime | sed 's/.*load average/load average/')"
  echo
  echo "## Results"
  echo
  cat "$TMP/table.md"
  echo
  if [ "${#FAILS[@]}" -gt 0 ]; then
    echo "## Measurements that failed"
    echo
    for f in "${FAILS[@]}"; do echo "- $f"; done
    echo
  fi
  echo "## How the figures were taken"
  echo
  cat <<'EOF'
- Every server gets the same four graphs; all measurements use `burst` (`count` custom events `{i}` after
  `sleep_ms`) with `stream_mode: ["custom"]`. Spool runs with `--storage sqlite`; the peer is in-memory.
- #1: `POST /threads/{t}/runs/stream`, time from writing the request to the last custom event (and to the stream's end;
  the peer closes every stream 500 ms after the last event by design).
- #2: Spool's reader joins `GET /threads/{t}/stream` before the run (`POST /threads/{t}/runs`, `sleep_ms` 300). The peer
  has no thread stream: its reader joins `GET /threads/{t}/runs/{r}/stream` with `Last-Event-ID: -1` on a run created with
  `stream_resumable: true`, as the peer's own bench scripts do. Events/s between the first and the last custom event.
  The raw ceiling is `RawServer` (plain `ServerSocket`, the same frames `event: custom / data: {"i":N} / id: <ms>-<seq>`,
  chunked, 512 frames per write) read by the same client code.
- #8: during a second #2 run on Spool, a slow reader joined the same thread stream reads 10 events/s from a socket with
  a 4 KiB receive buffer; server RSS sampled every 50 ms; the slow reader stays joined 2 s after the run.
- #3: sequential `POST /threads/{t}/runs/wait` on one thread, `burst` with `count: 0`, after warm-up runs. The peer is
  measured with far fewer runs (its floor is ≈ 0.55 s per run: a 500 ms end-of-stream poll plus worker pick-up).
- #4: Spool only (the peer has no thread stream). The clients join `GET /threads/{t}/stream`; one `burst` run with
  `interval_ms` emits custom events `{"i":k,"t":<epoch µs at emission>}` at the given rate; latency = receipt − `t`
  for every delivery (client and server share the machine's clock). What the peer's scripts did instead (and what both servers run here as
  "run joiners"): 200 clients joined to one resumable run's stream with `Last-Event-ID: -1`, 500 events after a 3 s pause.
- #5: RSS (`VmRSS` of `/proc/PID/status`; each figure the median of 10 readings over a settle window, after a pause
  as long) after start-up and one warm-up run; then with idle joined SSE connections (Spool: thread stream; peer: run-join streams on a run sleeping in its node), growth divided by their
  number. The peer's figure is its listening process only (found with `ss -ltnp`); its CLI parent and tsx wrapper
  (~140 MiB together) come on top.
- #6: the thread is filled by one `burst` run of N events via `POST /threads/{t}/runs/wait`. The peer keeps a
  replayable stream only for background runs created with `stream_resumable: true`, and only when no plain reader
  (`runs/wait`, `GET .../join`) created the run's queue first (after `runs/wait` its run stream replays nothing), so its
  run is `POST /threads/{t}/runs` and then its status is polled until it has finished. Replay: Spool's thread stream
  from `Last-Event-ID: -` (peer: the run stream from `-1`), events/s from the request to the last event, after a
  warm-up read. Resume: `Last-Event-ID` = the id of event N/2 as seen in that
  replay; time from the request to the first byte of the first event (median of 5).
- #7: process spawn to the first `200` from `GET /ok` (polled every millisecond). Spool: `java` launched directly with
  the launcher's JVM options on the built class path (the build is not timed); peer: `./start.sh`. Each server was
  started once, untimed, before the measured starts (on JDK 21–24 Spool's first start writes its class-data-sharing
  archive; on JDK 25+ the build's training run wrote its AOT cache).
EOF
} > "$OUT"
echo
cat "$OUT"
echo
echo "run.sh: wrote $OUT (raw figures: $RAW)" >&2
