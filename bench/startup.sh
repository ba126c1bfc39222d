#!/usr/bin/env bash
# Measures the all-in-one server: time from launch to a healthy /readyz and resident memory,
# on a fresh data directory (cold) and again on the same directory (restart).
# Usage: bench/startup.sh [port]   (builds first if needed; everything stays on 127.0.0.1)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${1:-18090}"
DATA="$(mktemp -d)"
PID=""
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

"$ROOT/adclick" --version >/dev/null # build outside the measurement

run_once() {
  local label="$1" start end
  start=$(date +%s%N)
  "$ROOT/adclick" serve --port "$PORT" --data-dir "$DATA" >"$DATA.out" 2>"$DATA.err" &
  PID=$!
  for _ in $(seq 1 1200); do
    if curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$PID" 2>/dev/null; then echo "server exited:"; cat "$DATA.err"; exit 1; fi
    sleep 0.1
  done
  end=$(date +%s%N)
  curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "not healthy within 120 s"; exit 1; }
  local java_pid rss
  java_pid=$(pgrep -f "io.adclick.app.AdclickCli serve --port $PORT" | head -1)
  sleep 5 # let start-up settle before reading memory
  rss=$(ps -o rss= -p "$java_pid" | tr -d ' ')
  printf '%-8s healthy after %5d ms   RSS %4d MiB (5 s after healthy)\n' \
    "$label" $(((end - start) / 1000000)) $((rss / 1024))
  kill "$PID"
  wait "$PID" 2>/dev/null || true
  PID=""
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
run_once cold
run_once restart
