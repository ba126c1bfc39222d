#!/usr/bin/env bash
# A scaled-out adclick on one machine, every process on 127.0.0.1 in its own JVM or server:
#   3 Kafka brokers (KRaft, each also a controller), a Flink session cluster (JobManager and
#   TaskManager) running the job from adclick-job.jar, ClickHouse as the store, PostgreSQL as the
#   registry, two click services, and one query service that also serves the admin API.
#
#   cluster/local-cluster.sh up            start everything (builds first if needed)
#   cluster/local-cluster.sh down          stop everything, keep the data
#   cluster/local-cluster.sh kill NAME     kill -9 one process (kafka-2, click-1, taskmanager, ...)
#   cluster/local-cluster.sh start NAME    start one again (click-1, click-2, query)
#   cluster/local-cluster.sh status        what runs
#   cluster/local-cluster.sh clean         down, then delete the data
#
# The same commands, one by one, are in docs/deploy.md ("A cluster on one machine"); cluster/test.sh
# runs this script and then clicks, kills and checks. Settings (environment):
#   ADCLICK_CLUSTER_DIR   data, logs and pid files (default /tmp/adclick-cluster)
#   ADCLICK_CLUSTER_PORT  first of the ports used, 100 of them (default 19100)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${ADCLICK_CLUSTER_DIR:-/tmp/adclick-cluster}"
BASE="${ADCLICK_CLUSTER_PORT:-19100}"
KAFKA_LIB="$ROOT/cluster/kafka/target/lib"
FLINK_LIB="$ROOT/cluster/flink/target/lib"
JOB_JAR="$ROOT/adclick-job/target/adclick-job.jar"

# Ports: brokers B+1..3 (controllers B+11..13), Flink REST B+20, RPC B+21 and Prometheus
# B+25..26, ClickHouse HTTP B+30
# and native B+31, PostgreSQL B+40, click services B+51 and B+52, query service B+60.
broker_port() { echo $((BASE + $1)); }
controller_port() { echo $((BASE + 10 + $1)); }
FLINK_REST=$((BASE + 20))
FLINK_RPC=$((BASE + 21))
FLINK_METRICS=$((BASE + 25))
CH_HTTP=$((BASE + 30))
CH_TCP=$((BASE + 31))
PG_PORT=$((BASE + 40))
click_port() { echo $((BASE + 50 + $1)); }
QUERY_PORT=$((BASE + 60))
BOOTSTRAP="127.0.0.1:$(broker_port 1),127.0.0.1:$(broker_port 2),127.0.0.1:$(broker_port 3)"
STORE="clickhouse://127.0.0.1:$CH_HTTP/adclick"
REGISTRY="postgresql://adclick@127.0.0.1:$PG_PORT/adclick"

# Throw-away secrets of this local cluster, made once and kept in its directory (never in the repo).
secrets() {
  mkdir -p "$DIR"
  if [ ! -f "$DIR/secrets.env" ]; then
    umask 077
    {
      echo "export ADCLICK_ADMIN_TOKEN=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
      echo "export ADCLICK_TOKEN_KEYS=1:$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
      echo "export ADCLICK_REGISTRY_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    } >"$DIR/secrets.env"
  fi
  # shellcheck disable=SC1091
  . "$DIR/secrets.env"
}

log() { echo "[local-cluster $(date +%H:%M:%S)] $*" >&2; }

# start NAME COMMAND...: runs it in the background, its output in logs/NAME.log, its pid kept.
start() {
  local name="$1"
  shift
  mkdir -p "$DIR/logs" "$DIR/pids"
  if running "$name"; then
    log "$name is already running"
    return
  fi
  nohup "$@" >"$DIR/logs/$name.log" 2>&1 &
  echo $! >"$DIR/pids/$name.pid"
  log "$name started (pid $!)"
}

running() { [ -f "$DIR/pids/$1.pid" ] && kill -0 "$(cat "$DIR/pids/$1.pid")" 2>/dev/null; }

# await WHAT SECONDS COMMAND...: until COMMAND succeeds, or fail naming WHAT.
await() {
  local what="$1" seconds="$2"
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      log "$what: not ready after ${seconds}s"
      return 1
    fi
    sleep 0.5 # polling another process
  done
}

java_opens() {
  local p out=""
  for p in java.lang java.util java.lang.reflect java.nio sun.nio.ch java.net java.io java.time \
    java.util.concurrent java.util.concurrent.atomic java.text; do
    out="$out --add-opens=java.base/$p=ALL-UNNAMED"
  done
  echo "$out"
}

build() {
  if [ ! -d "$KAFKA_LIB" ] || [ ! -d "$FLINK_LIB" ] || [ ! -f "$JOB_JAR" ] ||
    [ ! -f "$ROOT/adclick-app/target/adclick-app-0.1.0-SNAPSHOT.jar" ]; then
    log "building (first run)..."
    (cd "$ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip=true install) >&2
  fi
  # The launcher rebuilds when sources changed: once here, before processes start side by side.
  "$ROOT/adclick" --version >/dev/null
}

# --- Kafka: three brokers, each also a KRaft controller, replication 3 ---------------------------
kafka_config() {
  local id="$1" voters="" n
  for n in 1 2 3; do voters="$voters${voters:+,}$n@127.0.0.1:$(controller_port "$n")"; done
  cat <<EOF
process.roles=broker,controller
node.id=$id
controller.quorum.voters=$voters
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://127.0.0.1:$(broker_port "$id"),CONTROLLER://127.0.0.1:$(controller_port "$id")
advertised.listeners=PLAINTEXT://127.0.0.1:$(broker_port "$id")
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$DIR/kafka-$id/data
num.partitions=4
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
group.initial.rebalance.delay.ms=0
EOF
}

KAFKA_JAVA=(java -Xms256m -Xmx384m -XX:+UseG1GC
  -Dlogback.configurationFile="$ROOT/cluster/conf/logback-kafka.xml" -cp "$KAFKA_LIB/*")

start_kafka() {
  local id cluster_id
  mkdir -p "$DIR"
  if [ ! -f "$DIR/kafka-cluster-id" ]; then
    "${KAFKA_JAVA[@]}" kafka.tools.StorageTool random-uuid | tail -1 >"$DIR/kafka-cluster-id"
  fi
  cluster_id="$(cat "$DIR/kafka-cluster-id")"
  for id in 1 2 3; do
    mkdir -p "$DIR/kafka-$id"
    kafka_config "$id" >"$DIR/kafka-$id/server.properties"
    if [ ! -f "$DIR/kafka-$id/data/meta.properties" ]; then
      "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format -t "$cluster_id" \
        -c "$DIR/kafka-$id/server.properties" >"$DIR/kafka-$id/format.log"
    fi
    start "kafka-$id" "${KAFKA_JAVA[@]}" kafka.Kafka "$DIR/kafka-$id/server.properties"
  done
}

kafka_ready() {
  local id
  for id in 1 2 3; do
    await "kafka-$id" 90 bash -c "exec 3<>/dev/tcp/127.0.0.1/$(broker_port "$id")"
  done
}

# --- Flink: a session cluster from Flink's jars; the job arrives in its own jar -----------------
flink_config() {
  cat <<EOF
jobmanager:
  rpc: {address: 127.0.0.1, port: $FLINK_RPC}
  bind-host: 127.0.0.1
  memory: {process.size: 1024m}
taskmanager:
  host: 127.0.0.1
  bind-host: 127.0.0.1
  numberOfTaskSlots: 2
  memory: {process.size: 1536m, managed.size: 256m, network.min: 64m, network.max: 64m}
rest: {address: 127.0.0.1, bind-address: 127.0.0.1, port: $FLINK_REST}
blob.server.port: 0
io.tmp.dirs: $DIR/flink/tmp
# A failed task restarts the job from its last checkpoint, again and again, at most every 5s.
restart-strategy: {type: exponential-delay}
state.backend.type: forst
execution.checkpointing.dir: file://$DIR/flink/checkpoints
web.upload.dir: $DIR/flink/upload
# The job's metrics for Prometheus, on the first free port of the two (JobManager, TaskManager).
metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory
metrics.reporter.prom.host: 127.0.0.1
metrics.reporter.prom.port: $FLINK_METRICS-$((FLINK_METRICS + 1))
EOF
}

# Flink's own launcher scripts derive each process's JVM memory from the configuration this way.
flink_jvm() {
  local kind="$1"
  java -cp "$FLINK_LIB/*" org.apache.flink.runtime.util.bash.BashJavaUtils "$kind" \
    --configDir "$DIR/flink/conf" 2>/dev/null | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' |
    sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

start_flink() {
  mkdir -p "$DIR/flink/conf" "$DIR/flink/tmp" "$DIR/flink/upload" "$DIR/flink/checkpoints"
  flink_config >"$DIR/flink/conf/config.yaml"
  cp "$ROOT/cluster/conf/logback-flink.xml" "$DIR/flink/conf/logback.xml"
  local jm_jvm tm_jvm tm_dynamic
  jm_jvm="$(flink_jvm GET_JM_RESOURCE_PARAMS | head -1)"
  tm_jvm="$(flink_jvm GET_TM_RESOURCE_PARAMS | head -1)"
  tm_dynamic="$(flink_jvm GET_TM_RESOURCE_PARAMS | tail -1)"
  # shellcheck disable=SC2206
  local common=($(java_opens) -Dlogback.configurationFile="$DIR/flink/conf/logback.xml"
    -cp "$FLINK_LIB/*")
  # shellcheck disable=SC2086
  start jobmanager java $jm_jvm "${common[@]}" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$DIR/flink/conf"
  # shellcheck disable=SC2086
  start taskmanager java $tm_jvm "${common[@]}" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$DIR/flink/conf" $tm_dynamic
}

flink_ready() {
  await "Flink with a TaskManager" 120 bash -c \
    "curl -fsS http://127.0.0.1:$FLINK_REST/overview | grep -q '\"taskmanagers\":[1-9]'"
}

# --- ClickHouse (Debian's package) and PostgreSQL (Debian's package) ----------------------------
start_clickhouse() {
  local d="$DIR/clickhouse" bin
  mkdir -p "$d/data/log"
  sed -e "s|\${DATA_DIR}|$d/data|g" -e "s|\${HTTP_PORT}|$CH_HTTP|g" -e "s|\${TCP_PORT}|$CH_TCP|g" \
    "$ROOT/cluster/conf/clickhouse.xml" >"$d/config.xml"
  cp "$ROOT/cluster/conf/clickhouse-users.xml" "$d/users.xml"
  bin="$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)"
  # One process to stop: current servers fork a watchdog parent unless told not to.
  (cd "$d" && export CLICKHOUSE_WATCHDOG_ENABLE=0 && start clickhouse "$bin" --config-file="$d/config.xml")
}

clickhouse_ready() {
  await clickhouse 60 curl -fsS "http://127.0.0.1:$CH_HTTP/ping"
  curl -fsS "http://127.0.0.1:$CH_HTTP/" --data-binary "CREATE DATABASE IF NOT EXISTS adclick" >/dev/null
}

# Debian's newest PostgreSQL.
pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

# As root, PostgreSQL runs as the postgres user the package made.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  local d="$DIR/postgres" bin
  bin="$(pg_bin)"
  mkdir -p "$d"
  [ "$(id -u)" = 0 ] && chown postgres "$d"
  if [ ! -f "$d/data/PG_VERSION" ]; then
    echo "$ADCLICK_REGISTRY_PASSWORD" >"$d/pw"
    [ "$(id -u)" = 0 ] && chown postgres "$d/pw"
    as_pg "$bin/initdb" -D "$d/data" -U adclick --pwfile="$d/pw" --auth-host=scram-sha-256 \
      --auth-local=trust -E UTF8 --no-locale >"$d/initdb.log"
    rm -f "$d/pw"
  fi
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  start postgres "${as[@]}" "$bin/postgres" -D "$d/data" -p "$PG_PORT" -k "$d" \
    -c listen_addresses=127.0.0.1 -c shared_buffers=32MB -c max_connections=60
}

postgres_ready() {
  await postgres 60 as_pg "$(pg_bin)/pg_isready" -h 127.0.0.1 -p "$PG_PORT"
  if ! as_pg psql -h "$DIR/postgres" -p "$PG_PORT" -U adclick -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='adclick'" | grep -q 1; then
    as_pg psql -h "$DIR/postgres" -p "$PG_PORT" -U adclick -d postgres -qc "CREATE DATABASE adclick"
  fi
}

# --- adclick itself ------------------------------------------------------------------------------
start_service() {
  local name="$1" role="$2" port="$3"
  mkdir -p "$DIR/$name"
  ADCLICK_JAVA_OPTS="-Xms256m -Xmx512m -XX:+UseG1GC" start "$name" "$ROOT/adclick" serve \
    --role "$role" --port "$port" --data-dir "$DIR/$name" --kafka "$BOOTSTRAP" \
    --store "$STORE" --registry "$REGISTRY" --lake "$DIR/lake" \
    --public-url "http://127.0.0.1:$(click_port 1)"
}

# The query service (with the admin API) first: it applies the registry's migrations.
start_services() {
  start_service query query,admin "$QUERY_PORT"
  await "query service" 120 curl -fsS "http://127.0.0.1:$QUERY_PORT/readyz"
  start_service click-1 click "$(click_port 1)"
  start_service click-2 click "$(click_port 2)"
  await "click-1" 120 curl -fsS "http://127.0.0.1:$(click_port 1)/readyz"
  await "click-2" 120 curl -fsS "http://127.0.0.1:$(click_port 2)/readyz"
}

up() {
  build
  secrets
  mkdir -p "$DIR/lake"
  start_kafka
  start_clickhouse
  start_postgres
  start_flink
  kafka_ready
  # Topics first, replicated 3 times, 2 copies acknowledging, before anything produces.
  "$ROOT/adclick" kafka init --kafka "$BOOTSTRAP" --partitions 4 --replication 3 --min-insync 2
  clickhouse_ready
  postgres_ready
  flink_ready
  "$ROOT/adclick" job submit --flink "127.0.0.1:$FLINK_REST" --jar "$JOB_JAR" \
    --kafka "$BOOTSTRAP" --store "$STORE" --lake "file://$DIR/lake" \
    --checkpoints "file://$DIR/flink/checkpoints" --checkpoint-interval 5s --parallelism 2
  start_services
  log "up: admin and query http://127.0.0.1:$QUERY_PORT, clicks http://127.0.0.1:$(click_port 1)" \
    "and http://127.0.0.1:$(click_port 2), Flink http://127.0.0.1:$FLINK_REST"
}

NAMES="click-1 click-2 query taskmanager jobmanager clickhouse postgres kafka-1 kafka-2 kafka-3"

down() {
  local name
  for name in $NAMES; do
    if running "$name"; then
      kill "$(cat "$DIR/pids/$name.pid")" 2>/dev/null || true
    fi
  done
  for name in $NAMES; do
    if [ -f "$DIR/pids/$name.pid" ]; then
      local pid deadline=$((SECONDS + 30))
      pid="$(cat "$DIR/pids/$name.pid")"
      while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$DIR/pids/$name.pid"
    fi
  done
  # postgres runs under runuser: its server is the child, and stops with the signal above; make
  # sure nothing of this cluster outlives it.
  pkill -f -- "-D $DIR/postgres/data" 2>/dev/null || true
  log "down"
}

status() {
  local name
  for name in $NAMES; do
    if running "$name"; then echo "$name running (pid $(cat "$DIR/pids/$name.pid"))"; else echo "$name stopped"; fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  kill)
    [ -n "${2:-}" ] && running "$2" || { log "${2:-?} is not running"; exit 1; }
    kill -9 "$(cat "$DIR/pids/$2.pid")"
    rm -f "$DIR/pids/$2.pid"
    log "$2 killed"
    ;;
  status) status ;;
  start)
    secrets
    case "${2:-}" in
      click-1 | click-2)
        start_service "$2" click "$(click_port "${2#click-}")"
        await "$2" 120 curl -fsS "http://127.0.0.1:$(click_port "${2#click-}")/readyz"
        ;;
      query)
        start_service query query,admin "$QUERY_PORT"
        await query 120 curl -fsS "http://127.0.0.1:$QUERY_PORT/readyz"
        ;;
      *) log "start takes click-1, click-2 or query; \`up\` starts the rest" && exit 2 ;;
    esac
    ;;
  step) # one step of `up`, e.g. `step start_flink`: for working on this script
    shift
    secrets
    "$@"
    ;;
  clean) down && rm -rf "$DIR" ;;
  env)
    secrets
    echo "export ADCLICK_KAFKA_BOOTSTRAP=$BOOTSTRAP ADCLICK_STORE=$STORE ADCLICK_REGISTRY=$REGISTRY"
    echo "export ADCLICK_FLINK=127.0.0.1:$FLINK_REST ADCLICK_LAKE=file://$DIR/lake"
    echo "export ADCLICK_CHECKPOINTS=file://$DIR/flink/checkpoints ADCLICK_JOB_JAR=$JOB_JAR"
    echo "export ADCLICK_ADMIN_TOKEN=$ADCLICK_ADMIN_TOKEN"
    echo "ADMIN_URL=http://127.0.0.1:$QUERY_PORT QUERY_URL=http://127.0.0.1:$QUERY_PORT"
    echo "FLINK_METRICS_URLS=http://127.0.0.1:$FLINK_METRICS/metrics,http://127.0.0.1:$((FLINK_METRICS + 1))/metrics"
    echo "CLICK_URLS=http://127.0.0.1:$(click_port 1),http://127.0.0.1:$(click_port 2)"
    ;;
  *)
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
