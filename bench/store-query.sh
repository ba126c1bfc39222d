#!/usr/bin/env bash
# Query API speed at the design point: fills a fresh data directory with one day of clicks
# (100M clicks over 10M ads, Zipf popularity, 100k advertisers: about 50M (ad, minute) rows)
# through the store's write path, starts the real all-in-one server on it, then times ~200
# queries of each kind through the HTTP API, checking every answer, with an unrouted path (404)
# as the HTTP baseline of the same run. Prints p50/p99 per kind and the store's size on disk.
#
# Usage: bench/store-query.sh [StoreFill options]   e.g. --minutes 60 for a quick partial day;
#        --help lists them (--ads, --advertisers, --clicks-per-day, --zipf, --probes, --seed).
# Environment: BENCH_STORE=rocksdb (default, the embedded store) or clickhouse (starts Debian's
#              clickhouse-server on 127.0.0.1:BENCH_CLICKHOUSE_PORT, default 18123, with the test
#              config of adclick-store, data in the work dir; the server then runs --store
#              clickhouse://...), BENCH_QUERIES (timed queries per kind, default 200),
#              BENCH_KEEP=1 keeps the data, BENCH_DATA=<kept work dir>/data reuses a fill
#              (same day, i.e. the same UTC date, and RocksDB only), BENCH_PORT (default 18086),
#              BENCH_FILL_JAVA_OPTS (default -Xmx1500m), ADCLICK_JAVA_OPTS (the server's).
# A full day's fill takes about 17 minutes on the 2-core VM (3 with ClickHouse); the queries
# wait for the server to be quiet, then take about a minute.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$ROOT/adclick-bench/target"
QUERIES="${BENCH_QUERIES:-200}"
DAY="$(date -u -d yesterday +%F)"
WORK="$(mktemp -d -t adclick-storebench-XXXXXX)"
DATA="${BENCH_DATA:-$WORK/data}"
SERVER_PID=""
CH_PID=""
STORE="${BENCH_STORE:-rocksdb}"
STORE_ARGS=()

cleanup() {
  if [ -n "$CH_PID" ]; then kill "$CH_PID" 2>/dev/null || true; wait "$CH_PID" 2>/dev/null || true; fi
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

echo "building..." >&2
(cd "$ROOT" && mvn -B -q install -DskipTests -Dspotless.check.skip=true) >&2
CP="$TARGET/adclick-bench-0.1.0-SNAPSHOT.jar:$TARGET/lib/*"

if [ "$STORE" = clickhouse ]; then
  CH_BIN="$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)"
  [ -x "$CH_BIN" ] || { echo "clickhouse-server is not installed (apt-get install clickhouse-server)" >&2; exit 1; }
  CH_HTTP="${BENCH_CLICKHOUSE_PORT:-18123}"
  CH_DIR="$WORK/clickhouse"
  CONF="$ROOT/adclick-store/src/test/resources/clickhouse"
  mkdir -p "$CH_DIR/data/log"
  sed -e "s#\${DATA_DIR}#$CH_DIR/data#g" -e "s#\${HTTP_PORT}#$CH_HTTP#" \
    -e "s#\${TCP_PORT}#$((CH_HTTP + 1))#" "$CONF/config.xml" > "$CH_DIR/config.xml"
  cp "$CONF/users.xml" "$CH_DIR/users.xml"
  (cd "$CH_DIR" && CLICKHOUSE_WATCHDOG_ENABLE=0 exec "$CH_BIN" --config-file="$CH_DIR/config.xml" \
    > "$CH_DIR/data/log/stdout.log" 2>&1) &
  CH_PID=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$CH_HTTP/ping" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fs "http://127.0.0.1:$CH_HTTP/ping" >/dev/null || { echo "clickhouse-server did not start" >&2; exit 1; }
  echo "clickhouse: version $(curl -fs "http://127.0.0.1:$CH_HTTP/" --data-binary "SELECT version()") on port $CH_HTTP"
  STORE_ARGS=(--store "clickhouse://127.0.0.1:$CH_HTTP/adclick_bench")
fi

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "day filled: $DAY, work dir $WORK"
if [ -n "${BENCH_DATA:-}" ]; then
  echo "reusing the filled data directory $DATA (BENCH_DATA); no fill"
else
  # shellcheck disable=SC2086
  java ${BENCH_FILL_JAVA_OPTS:--Xmx1500m} -cp "$CP" io.adclick.bench.store.StoreFill \
    --data-dir "$DATA" --day "$DAY" "${STORE_ARGS[@]}" "$@"
fi

PORT="${BENCH_PORT:-18086}"
ADCLICK_ADMIN_TOKEN="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
ADCLICK_TOKEN_SECRET="bench-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  "$ROOT/adclick" serve --data-dir "$DATA" --port "$PORT" "${STORE_ARGS[@]}" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 360); do
  curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$WORK/server.log" >&2; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "server not healthy" >&2; exit 1; }
echo "server up on port $PORT"

# Time queries, not start-up: wait (at most 10 min) until the server has used under 20% of a core
# for 10 s, i.e. the store's compactions after the fill and the job's start are over.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
HZ="$(getconf CLK_TCK)"
quiet_since="" start_wait="$(date +%s)"
while [ $(($(date +%s) - start_wait)) -lt 600 ]; do
  t0="$(cpu_ticks)"; sleep 5; t1="$(cpu_ticks)"
  if [ $((t1 - t0)) -lt $((HZ * 5 / 5)) ]; then
    [ -n "$quiet_since" ] && [ $(($(date +%s) - quiet_since)) -ge 10 ] && break
    [ -z "$quiet_since" ] && quiet_since="$(date -d '-5 sec' +%s)"
  else
    quiet_since=""
  fi
done
echo "server quiet after $(($(date +%s) - start_wait)) s; load average $(cut -d' ' -f1-3 /proc/loadavg)"

status=0
java -Xmx256m -cp "$CP" io.adclick.bench.store.QueryLatency --target "http://127.0.0.1:$PORT" \
  --probes "$DATA/bench-probes.tsv" --day "$DAY" --queries "$QUERIES" || status=$?
if [ "$STORE" = clickhouse ]; then
  echo "store on disk: $(curl -fs "http://127.0.0.1:$CH_HTTP/" --data-binary \
    "SELECT sum(bytes_on_disk) FROM system.parts WHERE active AND database = 'adclick_bench'") bytes (active parts)"
else
  echo "store on disk: $(du -sb "$DATA/metrics" | cut -f1) bytes ($(du -sh "$DATA/metrics" | cut -f1))"
fi
exit "$status"
