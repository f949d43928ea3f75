#!/bin/bash
# Issue 10: the store at 10,000 and 100,000 items, Spool (sqlite, the example config's semantic index) next to the
# JS peer (its in-memory store) in one run: fill rate, then the first page, an equality filter and a deep page
# (StoreSearch), medians of p50/p99 over --searches requests; semantic search ("Italian cooking") on Spool only
# (the peer has no embedder without a model service).
# usage: bench/store-search.sh [CHECKOUT .] [SEMANTIC_ITEMS 10000]   (PEER=0 leaves the peer out; PEER_SRC: the peer)
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
D=${1:-$BENCH/..}; SEM=${2:-10000}
SP_PORT=${SPOOL_PORT:-28321} PE_PORT=${PEER_PORT:-2124}
JAR="$BENCH/target/spool-bench.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
(cd "$BENCH" && ../mvnw -q -f pom.xml package)
TMP=$(mktemp -d /tmp/spool-store-bench-XXXX)
SP=""
cleanup() {
  [ -n "$SP" ] && kill "$SP" 2>/dev/null || true
  [ -d "$TMP/peer" ] && "$TMP/peer/stop.sh" "$PE_PORT" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
(cd "$D" && exec ./spool serve --port "$SP_PORT" --storage sqlite --data-dir "$TMP/data") > "$TMP/spool.log" 2>&1 &
SP=$!
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$SP_PORT/ok" > /dev/null && break; sleep 0.1; done
if [ "${PEER:-1}" = 1 ]; then
  cp -r "${PEER_SRC:-$BENCH/../../shared/reference/peer}" "$TMP/peer" # the shared folder beside the checkout
  (cd "$TMP/peer" && npm ci --silent --no-audit --no-fund > /dev/null && ./start.sh "$PE_PORT" > /dev/null)
fi
OUT="$TMP/raw.tsv"
for items in 10000 100000; do
  "$JAVA" -jar "$JAR" store-search --url "http://127.0.0.1:$SP_PORT" --label spool --measure "store-$items" \
    --items "$items" --semantic "$([ "$items" = 10000 ] && echo "$SEM" || echo 0)" --out "$OUT"
  if [ "${PEER:-1}" = 1 ]; then
    "$JAVA" -jar "$JAR" store-search --url "http://127.0.0.1:$PE_PORT" --label peer --measure "store-$items" \
      --items "$items" --out "$OUT"
  fi
done
echo; echo "raw figures:"; cat "$OUT"
