#!/usr/bin/env bash
# Click path versus a plain nginx redirect, on one machine, in one run.
#
#   1. nginx (own prefix and config, one worker, `return 302`, buffered access log) and the
#      all-in-one adclick server (embedded Kafka + Flink + RocksDB) on 127.0.0.1;
#   2. an advertiser, CLICK_ADS ad(s) and CLICK_URLS distinct minted click links (admin API);
#   3. closed-loop throughput: wrk, keep-alive, same threads/connections/duration for both,
#      cycling the minted click paths (bench/click-urls.lua; nginx ignores the path), after an
#      unreported warm-up; requests/s, p50, p99 and the ratio adclick/nginx;
#   4. open-loop latency at a fixed rate (default 10,000 clicks/s, bench/loadgen/FixedRate.java),
#      measured from each request's intended send time (no coordinated omission), against adclick
#      and, as the generator's own floor, against nginx;
#   5. a check that the clicks were really counted: the ad's total must equal the number of
#      distinct links clicked.
#
# Usage: bench/click-vs-nginx.sh [path/to/adclick-launcher]
#   default launcher: the repository this script lives in. Installs nginx and wrk with apt-get
#   when missing (needs root). All traffic stays on 127.0.0.1; everything started is stopped on exit.
#
# Settings (environment):
#   WRK_THREADS=2 WRK_CONNECTIONS=64 WRK_DURATION=30 WRK_WARMUP=10   (seconds)
#   CLICK_URLS=100000                 distinct click links minted (1000 per admin call)
#   CLICK_ADS=1                       ads the links are spread over (clicks are keyed by ad: one
#                                     ad means one Kafka partition and one counting subtask)
#   FIXED_RATE=10000 FIXED_DURATION=30 FIXED_WARMUP=5 FIXED_CONNECTIONS=128
#   FIXED_NGINX=1                     also run the fixed-rate test against nginx (0 to skip)
#   BENCH_LOADGEN_RT=0                1: the fixed-rate generator's sender and receiver threads run
#                                     SCHED_FIFO (root only); lowers its own scheduling delay
#   BENCH_PIN=                        e.g. "0:1" pins both servers to CPU 0 and the load
#                                     generators to CPU 1 (same pinning for both servers)
#   BENCH_NGINX_PORT=18081 BENCH_ADCLICK_PORT=18080
#   BENCH_QUIET_WAIT=120              before each measurement, wait up to this many seconds for
#                                     other processes on the machine to use < 20% of one core and
#                                     the idle servers < 40% (0: do not wait); CPU use by process
#                                     group is reported for every measurement either way
#   ADCLICK_JAVA_OPTS                 passed through to ./adclick
#   BENCH_PROFILE=<dir>               profile the adclick server with JFR (settings=profile, started
#                                     with the JVM so its instrumentation does not deoptimise code
#                                     mid-run) and dump the windows of its wrk measurement and its
#                                     fixed-rate run to <dir>/adclick-wrk.jfr and <dir>/adclick-fixed.jfr;
#                                     summarise: java bench/loadgen/JfrTop.java <file.jfr> [top] [thread-regex]
#                                     (numbers from a profiled run are a few % lower)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ADCLICK="${1:-${ADCLICK:-$BENCH_DIR/../adclick}}"
ADCLICK="$(cd "$(dirname "$ADCLICK")" && pwd)/$(basename "$ADCLICK")"

WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-64}"
WRK_DURATION="${WRK_DURATION:-30}"
WRK_WARMUP="${WRK_WARMUP:-10}"
CLICK_URLS="${CLICK_URLS:-100000}"
CLICK_ADS="${CLICK_ADS:-1}"
LOADGEN_RT="${BENCH_LOADGEN_RT:-0}"
FIXED_RATE="${FIXED_RATE:-10000}"
FIXED_DURATION="${FIXED_DURATION:-30}"
FIXED_WARMUP="${FIXED_WARMUP:-5}"
FIXED_CONNECTIONS="${FIXED_CONNECTIONS:-128}"
FIXED_NGINX="${FIXED_NGINX:-1}"
BENCH_PIN="${BENCH_PIN:-}"
NGINX_PORT="${BENCH_NGINX_PORT:-18081}"
ADCLICK_PORT="${BENCH_ADCLICK_PORT:-18080}"
QUIET_WAIT="${BENCH_QUIET_WAIT:-120}"
PROFILE_DIR="${BENCH_PROFILE:-}"
if [ -n "$PROFILE_DIR" ]; then
  mkdir -p "$PROFILE_DIR"
  PROFILE_DIR="$(cd "$PROFILE_DIR" && pwd)"
  export ADCLICK_JAVA_OPTS="${ADCLICK_JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseG1GC} -XX:StartFlightRecording=name=bench,settings=profile,disk=true,maxage=30m"
fi

SERVER_PIN=()
LOAD_PIN=()
if [ -n "$BENCH_PIN" ]; then
  SERVER_PIN=(taskset -c "${BENCH_PIN%%:*}")
  LOAD_PIN=(taskset -c "${BENCH_PIN##*:}")
fi

say() { printf '%s\n' "$*"; }
section() { printf '\n== %s ==\n' "$*"; }
die() {
  printf 'click-vs-nginx: %s\n' "$*" >&2
  exit 1
}

# ---- prerequisites ------------------------------------------------------------------------------
NGINX_BIN="$(command -v nginx || true)"
[ -z "$NGINX_BIN" ] && [ -x /usr/sbin/nginx ] && NGINX_BIN=/usr/sbin/nginx
if [ -z "$NGINX_BIN" ] || ! command -v wrk >/dev/null; then
  [ "$(id -u)" = 0 ] || die "nginx and wrk are needed: run as root once, or apt-get install nginx wrk"
  say "installing nginx and wrk from the OS packages..."
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk >/dev/null
  NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"
fi
for tool in curl java timeout; do
  command -v "$tool" >/dev/null || die "$tool is needed"
done
[ -x "$ADCLICK" ] || die "no adclick launcher at $ADCLICK"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_busy "$NGINX_PORT" && die "port $NGINX_PORT is in use (set BENCH_NGINX_PORT)"
port_busy "$ADCLICK_PORT" && die "port $ADCLICK_PORT is in use (set BENCH_ADCLICK_PORT)"

# ---- clean-up of everything this script starts --------------------------------------------------
TMP="$(mktemp -d /tmp/click-bench.XXXXXX)"
NGINX_PID=""
SERVER_PID=""
stop_pid() { # pid, grace seconds
  local pid="$1" grace="$2"
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((grace * 10))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$SERVER_PID" 30
  local workers=""
  [ -n "$NGINX_PID" ] && workers="$(pgrep -P "$NGINX_PID" || true)"
  stop_pid "$NGINX_PID" 10
  for w in $workers; do kill -KILL "$w" 2>/dev/null || true; done
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM


# ---- machine ------------------------------------------------------------------------------------
section "machine"
say "cores (nproc): $(nproc)"
say "memory: $(free -m | awk '/Mem:/{printf "%d MiB total, %d MiB available", $2, $7}')"
say "cpu: $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
say "kernel: $(uname -r)"
say "java: $(java -version 2>&1 | tr '\n' ' ')"
say "nginx: $("$NGINX_BIN" -v 2>&1)   wrk: $(wrk -v 2>&1 | head -1)"
say "adclick launcher: $ADCLICK"
say "adclick JVM options: ${ADCLICK_JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseG1GC (launcher default)}"
if [ -n "$BENCH_PIN" ]; then
  say "pinning: servers on CPU ${BENCH_PIN%%:*}, load generators on CPU ${BENCH_PIN##*:}"
else
  say "pinning: none; the load generator shares the $(nproc) cores with the server under test"
fi
say "note: load generator and server run on the same machine and compete for CPU; the idle"
say "      server (adclick's JVM during the nginx runs) also keeps running in the background."

# ---- nginx --------------------------------------------------------------------------------------
section "start nginx"
mkdir -p "$TMP/nginx/logs" "$TMP/nginx/tmp"
cat >"$TMP/nginx/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
$(if [ "$(id -u)" = 0 ]; then echo "user root;"; fi)
events {
  worker_connections 4096;
}
http {
  client_body_temp_path $TMP/nginx/tmp/body;
  proxy_temp_path $TMP/nginx/tmp/proxy;
  fastcgi_temp_path $TMP/nginx/tmp/fastcgi;
  uwsgi_temp_path $TMP/nginx/tmp/uwsgi;
  scgi_temp_path $TMP/nginx/tmp/scgi;
  # like Vert.x: no per-connection request cap, long idle keep-alive
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    access_log $TMP/nginx/logs/access.log combined buffer=64k flush=1s;
    location / {
      return 302 https://example.com/landing;
    }
  }
}
EOF
say "config: one worker, listen 127.0.0.1:$NGINX_PORT, 'return 302 https://example.com/landing;'," \
  "access_log combined buffer=64k flush=1s"
printf '$ %s\n' "${SERVER_PIN[*]} $NGINX_BIN -p $TMP/nginx -c $TMP/nginx/nginx.conf &"
"${SERVER_PIN[@]}" "$NGINX_BIN" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" \
  >"$TMP/nginx/stdout" 2>&1 &
NGINX_PID=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT/" && break
  kill -0 "$NGINX_PID" 2>/dev/null || {
    cat "$TMP/nginx/stdout" "$TMP/nginx/logs/error.log" >&2 || true
    die "nginx exited"
  }
  sleep 0.1
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NGINX_PORT/c/x")" = 302 ] ||
  die "nginx does not answer 302"
say "nginx is up (pid $NGINX_PID)"

# ---- adclick ------------------------------------------------------------------------------------
section "start adclick"
"$ADCLICK" --version >/dev/null # builds first if needed, outside any measurement
DATA="$TMP/data"
printf '$ %s\n' "${SERVER_PIN[*]} $ADCLICK serve --port $ADCLICK_PORT --data-dir $DATA &"
START_NS=$(date +%s%N)
"${SERVER_PIN[@]}" "$ADCLICK" serve --port "$ADCLICK_PORT" --data-dir "$DATA" \
  >"$TMP/server.out" 2>"$TMP/server.err" &
SERVER_PID=$!
B="http://127.0.0.1:$ADCLICK_PORT"
HEALTHY=""
for _ in $(seq 1 1800); do # 180 s deadline
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "$B/readyz")" = 200 ]; then
    HEALTHY=1
    break
  fi
  kill -0 "$SERVER_PID" 2>/dev/null || {
    tail -40 "$TMP/server.err" >&2
    die "adclick exited during start-up"
  }
  sleep 0.1
done
[ -n "$HEALTHY" ] || {
  tail -40 "$TMP/server.err" >&2
  die "adclick not healthy within 180 s"
}
say "adclick is healthy after $((($(date +%s%N) - START_NS) / 1000000)) ms (pid $SERVER_PID)"

rss_mib() { awk '/VmRSS/{printf "%d", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
cpu_ticks() { # pids... -> user+system clock ticks of those processes (all their threads)
  local t=0 p v
  for p in "$@"; do
    v=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)
    t=$((t + v))
  done
  echo "$t"
}
HZ=$(getconf CLK_TCK)
machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
children_ticks() { awk '{print $16 + $17}' "/proc/$$/stat"; } # finished children of this shell
server_pids() { echo "$SERVER_PID $NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"; }
# CPU accounting around a measurement, in % of one core (100 * cores = the whole machine)
cpu_begin() {
  CPU0=("$(date +%s%N)" "$(machine_ticks)" "$(cpu_ticks "$NGINX_PID" $(pgrep -P "$NGINX_PID"))"
    "$(cpu_ticks "$SERVER_PID")" "$(children_ticks)")
}
cpu_end() { # label -> prints and stores the breakdown
  local ns m n a c
  ns=$(($(date +%s%N) - CPU0[0]))
  m=$(($(machine_ticks) - CPU0[1]))
  n=$(($(cpu_ticks "$NGINX_PID" $(pgrep -P "$NGINX_PID")) - CPU0[2]))
  a=$(($(cpu_ticks "$SERVER_PID") - CPU0[3]))
  c=$(($(children_ticks) - CPU0[4]))
  awk -v ns="$ns" -v hz="$HZ" -v m="$m" -v n="$n" -v a="$a" -v c="$c" -v cores="$(nproc)" 'BEGIN{
    f = 100 / hz / (ns / 1e9); o = m - n - a - c; if (o < 0) o = 0
    printf "CPU (%% of one core, %d%% = all %d cores): load generator %.0f, nginx %.0f, adclick %.0f, other processes %.0f, idle %.0f\n",
      100 * cores, cores, c * f, n * f, a * f, o * f, 100 * cores - m * f }' | tee "$TMP/$1.cpu"
}
spool_fallbacks() { cat "$TMP/server.err" "$TMP/server.out" 2>/dev/null | grep -c -i 'spooling clicks to disk' || true; }
# JVM counters of the adclick server (jstat): young/full/concurrent GC counts and times, JIT.
jvm_counters() {
  command -v jstat >/dev/null || return 0
  {
    jstat -gc "$SERVER_PID" 2>/dev/null | awk 'NR==1{for(i=1;i<=NF;i++)h[$i]=i} NR==2{
      printf "%s %s %s %s %s %s ", $h["YGC"], $h["YGCT"], $h["FGC"], $h["FGCT"], ($h["CGC"]==""?0:$h["CGC"]), ($h["CGCT"]==""?0:$h["CGCT"])}'
    jstat -compiler "$SERVER_PID" 2>/dev/null | awk 'NR==2{printf "%s %s", $1, $4}'
  }
}
jvm_delta() { # before after -> text
  [ -n "$1" ] && [ -n "$2" ] || return 0
  awk -v a="$1" -v b="$2" 'BEGIN{split(a,x," "); split(b,y," ");
    printf "adclick JVM during the run: %d young GCs (%.0f ms paused), %d full GCs (%.0f ms), %d concurrent cycles; JIT: %d methods compiled (%.1f s of compiler time)\n",
      y[1]-x[1], 1000*(y[2]-x[2]), y[3]-x[3], 1000*(y[4]-x[4]), y[5]-x[5], y[7]-x[7], y[8]-x[8]}'
}
PROFILE_BEGIN=""
profile_start() { # label
  [ -n "$PROFILE_DIR" ] || return 0
  PROFILE_BEGIN=$(date -u +%Y-%m-%dT%H:%M:%SZ)
}
profile_stop() { # label: dumps the window since profile_start
  [ -n "$PROFILE_DIR" ] || return 0
  local end
  end=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  jcmd "$SERVER_PID" JFR.dump name=bench begin="$PROFILE_BEGIN" end="$end" \
    filename="$PROFILE_DIR/$1.jfr" >/dev/null
  say "JFR profile: $PROFILE_DIR/$1.jfr (the dump holds whole chunks; the run is $PROFILE_BEGIN..$end)"
  say "  summary: java $BENCH_DIR/loadgen/JfrTop.java $PROFILE_DIR/$1.jfr 15 '' $PROFILE_BEGIN $end"
}
# Waits (bounded) until, over 3 s, processes other than ours use less than 20% of one core and
# our idle servers less than 40% (e.g. adclick's job still working off the previous run).
wait_quiet() {
  [ "$QUIET_WAIT" -gt 0 ] || return 0
  local waited=0 m0 s0 m1 s1 other ours
  while true; do
    m0=$(machine_ticks)
    s0=$(cpu_ticks $(server_pids))
    sleep 3
    m1=$(machine_ticks)
    s1=$(cpu_ticks $(server_pids))
    other=$(((m1 - m0 - (s1 - s0)) * 100 / HZ / 3))
    ours=$(((s1 - s0) * 100 / HZ / 3))
    if [ "$other" -lt 20 ] && [ "$ours" -lt 40 ]; then
      [ "$waited" -gt 0 ] && say "(waited ${waited} s for the machine to go quiet)"
      return 0
    fi
    waited=$((waited + 3))
    if [ "$waited" -ge "$QUIET_WAIT" ]; then
      say "WARNING: after ${waited} s other processes still use ${other}% of one core and the idle" \
        "servers ${ours}%; measuring anyway"
      return 0
    fi
  done
}
say "adclick RSS after start: $(rss_mib "$SERVER_PID") MiB"

# ---- advertiser, ad, click links ----------------------------------------------------------------
section "mint $CLICK_URLS click links"
ADMIN="${ADCLICK_ADMIN_TOKEN:-$(cat "$DATA/secrets/admin-token")}"
json_field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p"; }
ADV_JSON=$(curl -sf -X POST "$B/api/v1/advertisers" -H "Authorization: Bearer $ADMIN" \
  -d '{"name":"Bench"}') || die "could not create the advertiser"
ADV_ID=$(json_field id <<<"$ADV_JSON")
API_KEY=$(json_field apiKey <<<"$ADV_JSON")
AD_IDS=()
for i in $(seq 1 "$CLICK_ADS"); do
  AD_JSON=$(curl -sf -X POST "$B/api/v1/ads" -H "Authorization: Bearer $ADMIN" \
    -d "{\"advertiserId\":$ADV_ID,\"name\":\"Bench ad $i\",\"targetUrl\":\"https://example.com/landing\"}") ||
    die "could not create ad $i"
  AD_IDS+=("$(json_field id <<<"$AD_JSON")")
done
say "advertiser $ADV_ID, ad(s) ${AD_IDS[*]}"
PATHS="$TMP/click-paths.txt"
MINT_START=$(date +%s%N)
# CLICK_URLS links split over the ads; the file interleaves the ads line by line
for k in "${!AD_IDS[@]}"; do
  : >"$TMP/paths.$k"
  left=$((CLICK_URLS / CLICK_ADS + (k < CLICK_URLS % CLICK_ADS ? 1 : 0)))
  while [ "$left" -gt 0 ]; do
    n=$((left < 1000 ? left : 1000))
    curl -sf --max-time 30 -X POST "$B/api/v1/impressions" -H "Authorization: Bearer $ADMIN" \
      -d "{\"adId\":${AD_IDS[$k]},\"count\":$n}" |
      grep -o '"clickUrl":"[^"]*"' | sed 's/^"clickUrl":"https\{0,1\}:\/\/[^/]*//; s/"$//' >>"$TMP/paths.$k"
    left=$((left - n))
  done
done
paste -d '\n' $(for k in "${!AD_IDS[@]}"; do echo "$TMP/paths.$k"; done) | grep -v '^$' >"$PATHS"
MINTED=$(wc -l <"$PATHS")
DISTINCT=$(sort -u "$PATHS" | wc -l)
say "minted $MINTED click paths ($DISTINCT distinct) in $((($(date +%s%N) - MINT_START) / 1000000)) ms," \
  "e.g. $(head -1 "$PATHS" | cut -c1-60)..."
[ "$MINTED" = "$CLICK_URLS" ] && [ "$DISTINCT" = "$CLICK_URLS" ] || die "minting failed"
first=$(head -1 "$PATHS")
say "one click by curl: $(curl -s -o /dev/null -w '%{http_code} -> %{redirect_url}' "$B$first")"

# ---- closed loop: wrk ---------------------------------------------------------------------------
# wrk_run <label> <port> -> prints wrk's output, leaves the BENCH line in $TMP/<label>.bench
# Runs one measured load command with a time limit, its output to a file, and CPU use by
# process group; against adclick also the JVM's GC/JIT, spool fallbacks and (if asked) a profile,
# kept as $TMP/<tag>.jvm and $TMP/<tag>.spool.
# Usage: measured <server label> <tag> <profile name> <limit s> <output file> <command...>
measured() {
  local label="$1" tag="$2" profile="$3" limit="$4" out="$5"
  shift 5
  local j0="" sp0=""
  if [ "$label" = adclick ]; then
    j0=$(jvm_counters)
    sp0=$(spool_fallbacks)
    profile_start "$profile"
  fi
  cpu_begin
  timeout "$limit" "$@" >"$out" 2>&1 || true
  cpu_end "$tag"
  if [ "$label" = adclick ]; then
    profile_stop "$profile"
    jvm_delta "$j0" "$(jvm_counters)" | tee "$TMP/$tag.jvm"
    echo "$(($(spool_fallbacks) - sp0))" >"$TMP/$tag.spool"
    say "spool fallbacks during the run: $(cat "$TMP/$tag.spool")"
  fi
}

wrk_run() {
  local label="$1" port="$2"
  wrk_cmd() { # seconds
    cmd=("${LOAD_PIN[@]}" wrk "-t$WRK_THREADS" "-c$WRK_CONNECTIONS" "-d${1}s"
      --latency -s "$BENCH_DIR/click-urls.lua" "http://127.0.0.1:$port" -- "$PATHS")
  }
  local cmd
  wrk_cmd "$WRK_WARMUP"
  section "wrk: $label"
  say "warm-up (${WRK_WARMUP} s, not reported):"
  printf '$ %s\n' "${cmd[*]}"
  timeout $((WRK_WARMUP + 60)) "${cmd[@]}" >"$TMP/$label.warmup" 2>&1 ||
    say "  (warm-up exited non-zero: $(tail -1 "$TMP/$label.warmup"))"
  say "  warm-up: $(grep -o 'rps=[0-9.]*' "$TMP/$label.warmup" || true)" \
    "$(grep -o 'non302=[0-9]*' "$TMP/$label.warmup" || true)"
  wrk_cmd "$WRK_DURATION"
  wait_quiet
  say "measurement (${WRK_DURATION} s):"
  printf '$ %s\n' "${cmd[*]}"
  measured "$label" "$label" adclick-wrk $((WRK_DURATION + 60)) "$TMP/$label.wrk" "${cmd[@]}"
  cat "$TMP/$label.wrk"
  grep '^BENCH ' "$TMP/$label.wrk" >"$TMP/$label.bench" || die "wrk against $label produced no result"
}
field() { # file key -> value of the first key=value word
  awk -v k="$2" '{for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) {print substr($i, length(k) + 2); exit}}' "$1"
}
us_to_ms() { awk -v u="$1" 'BEGIN{printf "%.2f ms", u / 1000}'; }

wrk_run nginx "$NGINX_PORT"
say "(the adclick column above is its JVM idling in the background: broker, Flink job, store)"

wrk_run adclick "$ADCLICK_PORT"
say "adclick RSS after the wrk run: $(rss_mib "$SERVER_PID") MiB"
kill -0 "$SERVER_PID" 2>/dev/null || die "adclick died during the wrk run"

# ---- open loop: fixed rate ----------------------------------------------------------------------
LOADGEN=("${LOAD_PIN[@]}" java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:+UseSerialGC
  "$BENCH_DIR/loadgen/FixedRate.java")
fixed_run() {
  local label="$1" port="$2"
  local cmd=("${LOADGEN[@]}" --port "$port" --paths "$PATHS" --rate "$FIXED_RATE"
    --duration "$FIXED_DURATION" --warmup "$FIXED_WARMUP" --connections "$FIXED_CONNECTIONS"
    --rt "$LOADGEN_RT")
  section "fixed rate $FIXED_RATE/s: $label"
  wait_quiet
  printf '$ %s\n' "${cmd[*]}"
  measured "$label" "$label-fixed" adclick-fixed $((FIXED_DURATION + FIXED_WARMUP + 90)) \
    "$TMP/$label.fixed" "${cmd[@]}"
  say "(the CPU line covers the whole fixed-rate run, including its ${FIXED_WARMUP} s warm-up and the JVM start)"
  cat "$TMP/$label.fixed"
  grep '^FIXEDRATE ' "$TMP/$label.fixed" >"$TMP/$label.fixedline" ||
    die "fixed-rate run against $label produced no result"
}
fixed_run adclick "$ADCLICK_PORT"
say "adclick RSS after the fixed-rate run: $(rss_mib "$SERVER_PID") MiB"
kill -0 "$SERVER_PID" 2>/dev/null || die "adclick died during the fixed-rate run"
[ "$FIXED_NGINX" = 1 ] && fixed_run nginx "$NGINX_PORT"

# ---- were the clicks counted? -------------------------------------------------------------------
section "counted clicks"
# Every minted link was clicked at least once with a 302 if the fixed-rate run sent at least as
# many requests as there are links (it walks the file in order); then the ad's total must be
# exactly CLICK_URLS: each first click counts, every repeat does not.
FIXED_SENT=$(field "$TMP/adclick.fixedline" sent)
FROM=$(date -u -d 'yesterday' +%Y-%m-%dT00:00:00Z)
TO=$(date -u -d 'tomorrow' +%Y-%m-%dT00:00:00Z)
COUNTED="?"
for _ in $(seq 1 60); do
  COUNTED=0
  for ad in "${AD_IDS[@]}"; do
    t=$(curl -s "$B/api/v1/ads/$ad/metrics?from=$FROM&to=$TO&granularity=day" \
      -H "Authorization: Bearer $API_KEY" | json_field total)
    COUNTED=$((COUNTED + ${t:-0}))
  done
  [ "$COUNTED" = "$CLICK_URLS" ] && break
  sleep 1
done
if [ "$FIXED_SENT" -ge "$CLICK_URLS" ]; then
  if [ "$COUNTED" = "$CLICK_URLS" ]; then
    COUNT_VERDICT="OK: $COUNTED counted = $CLICK_URLS distinct links clicked"
  else
    COUNT_VERDICT="MISMATCH: $COUNTED counted, expected $CLICK_URLS distinct links"
  fi
else
  COUNT_VERDICT="$COUNTED counted (not every link was clicked: only $FIXED_SENT fixed-rate requests)"
fi
say "$COUNT_VERDICT"
say "adclick RSS at the end: $(rss_mib "$SERVER_PID") MiB"
WARNS=$(cat "$TMP/server.err" "$TMP/server.out" | grep -c -E ' (WARN|ERROR) ' || true)
say "server log lines at WARN/ERROR: $WARNS"
# Servers with a click spool (issue 3) answer 302 after a local fsync when Kafka is slow: say so.
SPOOLED=$(spool_fallbacks)
if [ "$SPOOLED" -gt 0 ]; then
  say "NOTE: the server switched to its disk spool $SPOOLED time(s) (Kafka did not acknowledge in" \
    "time); during those episodes 302s followed a local fsync, not Kafka's acknowledgement:"
  cat "$TMP/server.err" "$TMP/server.out" | grep -i 'spooling clicks to disk' | cut -c1-200 |
    sed -n '1,10p' || true
fi
if [ "$WARNS" -gt 0 ]; then
  say "most frequent (timestamps stripped):"
  cat "$TMP/server.err" "$TMP/server.out" | grep -E ' (WARN|ERROR) ' |
    sed -E 's/^[0-9:., T-]+//' | cut -c1-160 | sort | uniq -c | sort -rn | sed -n '1,10p' || true
fi

# ---- summary ------------------------------------------------------------------------------------
section "summary"
errors_of() { # bench-line file -> "none" or a description
  local f="$1" e=""
  [ "$(field "$f" non302)" != 0 ] && e="$e non-302: $(field "$f" non302) ($(field "$f" non302_statuses));"
  for k in sock_connect sock_read sock_write sock_timeout; do
    [ "$(field "$f" $k)" != 0 ] && e="$e $k: $(field "$f" $k);"
  done
  echo "${e:- none}"
}
printf '%-8s %12s %10s %10s %10s   %s\n' server "requests/s" p50 p99 max errors
for s in nginx adclick; do
  f="$TMP/$s.bench"
  printf '%-8s %12s %10s %10s %10s   %s\n' "$s" "$(field "$f" rps)" \
    "$(us_to_ms "$(field "$f" p50_us)")" "$(us_to_ms "$(field "$f" p99_us)")" \
    "$(us_to_ms "$(field "$f" max_us)")" "$(errors_of "$f")"
done
for s in nginx adclick; do say "  $s wrk run $(cat "$TMP/$s.cpu")"; done
[ -s "$TMP/adclick.jvm" ] && say "  $(cat "$TMP/adclick.jvm")"
RATIO=$(awk -v a="$(field "$TMP/adclick.bench" rps)" -v n="$(field "$TMP/nginx.bench" rps)" \
  'BEGIN{printf "%.3f", a / n}')
RATIO_OK=$(awk -v r="$RATIO" 'BEGIN{print (r >= 0.5) ? "met" : "NOT met"}')
say "ratio adclick/nginx requests/s: $RATIO   (target >= 0.5: $RATIO_OK)"
say "(wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${WRK_DURATION}s, keep-alive, after ${WRK_WARMUP} s warm-up;" \
  "$CLICK_URLS distinct links cycled, so most adclick clicks are repeats: redirected, sent to Kafka, not counted)"
say ""
printf '%-8s %8s %10s %10s %10s %10s   %s\n' "fixed" "rate" p50 p99 p99.9 max errors
for s in adclick nginx; do
  f="$TMP/$s.fixedline"
  [ -f "$f" ] || continue
  e="none"
  if [ "$(field "$f" unexpected)" != 0 ] || [ "$(field "$f" unanswered)" != 0 ] ||
    [ "$(field "$f" broken)" != 0 ]; then
    e="unexpected status: $(field "$f" unexpected), unanswered: $(field "$f" unanswered), broken: $(field "$f" broken) [$(field "$f" statuses)]"
  fi
  printf '%-8s %8s %10s %10s %10s %10s   %s\n' "$s" "$(field "$f" rate)/s" \
    "$(us_to_ms "$(field "$f" p50_us)")" "$(us_to_ms "$(field "$f" p99_us)")" \
    "$(us_to_ms "$(field "$f" p999_us)")" "$(us_to_ms "$(field "$f" max_us)")" "$e"
done
P99_US=$(field "$TMP/adclick.fixedline" p99_us)
P99_OK=$(awk -v u="$P99_US" 'BEGIN{print (u <= 10000) ? "met" : "NOT met"}')
say "adclick p99 at $FIXED_RATE clicks/s: $(us_to_ms "$P99_US")   (target <= 10 ms: $P99_OK)"
say "(open loop, latency from the intended send time, $FIXED_CONNECTIONS keep-alive connections," \
  "${FIXED_DURATION} s after ${FIXED_WARMUP} s warm-up; the nginx row is the generator's own floor)"
for s in adclick nginx; do
  [ -f "$TMP/$s-fixed.cpu" ] && say "  $s fixed-rate run $(cat "$TMP/$s-fixed.cpu")"
done
[ -s "$TMP/adclick-fixed.jvm" ] && say "  $(cat "$TMP/adclick-fixed.jvm")"
say "clicks counted: $COUNT_VERDICT"
if [ "$SPOOLED" -gt 0 ]; then
  say "spool: the server fell back to its disk spool $SPOOLED time(s) in the whole run" \
    "($(cat "$TMP/adclick.spool") during the wrk measurement, $(cat "$TMP/adclick-fixed.spool")" \
    "during the fixed-rate run): not every 302 waited for Kafka"
else
  say "spool: never used (every 302 followed Kafka's acknowledgement, or the server has no spool)"
fi

ERR=""
[ "$(errors_of "$TMP/adclick.bench")" != " none" ] && ERR="$ERR wrk-adclick"
[ "$(errors_of "$TMP/nginx.bench")" != " none" ] && ERR="$ERR wrk-nginx"
grep -q 'unexpected=0 unanswered=0 broken=0' "$TMP/adclick.fixedline" || ERR="$ERR fixed-rate-adclick"
case "$COUNT_VERDICT" in MISMATCH*) ERR="$ERR counts" ;; esac
if [ -n "$ERR" ]; then
  say "RESULT: RUN HAD ERRORS ($ERR ) - the numbers above are not a clean measurement"
  exit 2
fi
say "RESULT: clean run (every request answered 302, no socket errors)"
