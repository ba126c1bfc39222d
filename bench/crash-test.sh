#!/usr/bin/env bash
# Crash test: clicks at a fixed rate into the all-in-one server while it is killed with SIGKILL at
# random moments and restarted on the same data directory; then `adclick verify` checks the
# ledger against the query API: every click answered 302 must be counted exactly once.
#
#   1. starts `./adclick serve` (embedded Kafka + Flink + RocksDB) on 127.0.0.1;
#   2. runs `./adclick loadgen` (open loop, ledger of every click) for CRASH_DURATION seconds;
#   3. meanwhile CRASH_KILLS times: waits a random 5..CRASH_MAX_GAP s, `kill -9`s the server and
#      starts it again on the same data directory (loadgen keeps its schedule; clicks sent while
#      the server is down are refused and never counted, clicks in flight at the kill are
#      ambiguous and may count at most once);
#   4. `./adclick verify --ledger`: waits until the data is complete, compares per ad and per
#      minute, prints lost and double-counted clicks, exits non-zero on any.
#
# Usage: bench/crash-test.sh [path/to/adclick-launcher]
# Settings (environment):
#   CRASH_RATE=10000 CRASH_DURATION=360 CRASH_KILLS=5 CRASH_MAX_GAP=15 CRASH_ADS=1000
#   CRASH_CONNECTIONS=256 CRASH_SEED=<random>  CRASH_PORT=18085  CRASH_KEEP=0 (1: keep the folder)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ADCLICK="${1:-$BENCH_DIR/../adclick}"
RATE="${CRASH_RATE:-10000}"
DURATION="${CRASH_DURATION:-360}"
KILLS="${CRASH_KILLS:-5}"
MAX_GAP="${CRASH_MAX_GAP:-15}"
ADS="${CRASH_ADS:-1000}"
CONNECTIONS="${CRASH_CONNECTIONS:-256}"
SEED="${CRASH_SEED:-$((RANDOM * 32768 + RANDOM))}"
PORT="${CRASH_PORT:-18085}"
KEEP="${CRASH_KEEP:-0}"

DIR="$(mktemp -d /tmp/adclick-crash.XXXXXX)"
export ADCLICK_ADMIN_TOKEN="crash-admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ADCLICK_TOKEN_SECRET="crash-secret-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
SERVER_PID=""
LOADGEN_PID=""

cleanup() {
  [ -n "$LOADGEN_PID" ] && kill "$LOADGEN_PID" 2>/dev/null || true
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$KEEP" = 1 ]; then echo "kept $DIR"; else rm -rf "$DIR"; fi
}
trap cleanup EXIT

start_server() {
  setsid "$ADCLICK" serve --port "$PORT" --data-dir "$DIR/data" >>"$DIR/server.log" 2>&1 &
  SERVER_PID=$!
  local started=$SECONDS
  until curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "the server exited; last log lines:" >&2
      tail -20 "$DIR/server.log" >&2
      exit 1
    fi
    if [ $((SECONDS - started)) -gt 240 ]; then echo "server not healthy after 240 s" >&2; exit 1; fi
    sleep 0.5
  done
  echo "$(date +%T) server up (pid $SERVER_PID) after $((SECONDS - started)) s"
}

echo "crash test: $RATE clicks/s for $DURATION s, $KILLS kills (seed $SEED), data in $DIR"
"$ADCLICK" --version >/dev/null # builds once if needed, outside the measurement
RANDOM=$SEED
start_server

ADCLICK_JAVA_OPTS="-Xms256m -Xmx768m -XX:+UseParallelGC" "$ADCLICK" loadgen \
  --target "http://127.0.0.1:$PORT" --rate "$RATE" --duration "${DURATION}s" --ads "$ADS" \
  --zipf 1 --duplicate-ratio 0.1 --forged-ratio 0.01 --connections "$CONNECTIONS" \
  --timeout 5s --seed "$SEED" --ledger "$DIR/ledger.tsv" >"$DIR/loadgen.log" 2>&1 &
LOADGEN_PID=$!

# Kills start once clicks flow: the ads are created and the first links minted before that.
started=$SECONDS
until [ -s "$DIR/ledger.tsv" ] && [ "$(grep -c -v '^#' "$DIR/ledger.tsv" || true)" -gt 1000 ]; do
  if ! kill -0 "$LOADGEN_PID" 2>/dev/null || [ $((SECONDS - started)) -gt 120 ]; then
    echo "loadgen did not start clicking; its output:" >&2
    tail -20 "$DIR/loadgen.log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "$(date +%T) clicks flowing"

for kill_no in $(seq 1 "$KILLS"); do
  gap=$((5 + RANDOM % (MAX_GAP - 4)))
  sleep "$gap"
  if ! kill -0 "$LOADGEN_PID" 2>/dev/null; then
    echo "loadgen finished before kill $kill_no; raise CRASH_DURATION" >&2
    tail -5 "$DIR/loadgen.log" >&2
    exit 1
  fi
  echo "$(date +%T) kill -9 #$kill_no after ${gap} s"
  kill -9 "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  start_server
done

loadgen_status=0
wait "$LOADGEN_PID" || loadgen_status=$?
LOADGEN_PID=""
grep '^LOADGEN ' "$DIR/loadgen.log" || { tail -20 "$DIR/loadgen.log"; exit 1; }
echo "(loadgen exit $loadgen_status: non-zero is expected, clicks were refused while the server was down)"

verify_status=0
"$ADCLICK" verify --ledger "$DIR/ledger.tsv" --wait 300s >"$DIR/verify.log" 2>&1 || verify_status=$?
tail -25 "$DIR/verify.log"
echo "CRASHTEST kills=$KILLS rate=$RATE duration=$DURATION seed=$SEED verify_exit=$verify_status"
exit "$verify_status"
