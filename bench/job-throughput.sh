#!/usr/bin/env bash
# Throughput of the aggregation job alone, and its state at scale: fills an embedded Kafka topic,
# drains it with the real job on a MiniCluster (ForSt state by default), checks that the store's
# counts are exact, then reports checkpoint size and duration and the restore time.
# Usage: bench/job-throughput.sh [options]   e.g. --clicks 1000000 (about 6 min on a busy 2-core VM), --help for all.
# Defaults: 10M clicks over 100k ads, 5% repeats, 4 partitions, parallelism 2, forst.
# Environment: BENCH_JAVA_OPTS (default as ./adclick serve), BENCH_TIMEOUT_MINUTES (default 60).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$ROOT/adclick-bench/target"
TIMEOUT_MINUTES="${BENCH_TIMEOUT_MINUTES:-60}"

echo "building adclick-bench..." >&2
(cd "$ROOT" && mvn -B -q package -pl adclick-bench -am -DskipTests -Dspotless.check.skip=true) >&2

# Flink's serializers reflect into JDK classes; Java 17+ needs these opened.
OPENS=""
for p in java.lang java.util java.lang.reflect java.nio sun.nio.ch java.net java.io java.time \
  java.util.concurrent java.util.concurrent.atomic java.text; do
  OPENS="$OPENS --add-opens=java.base/$p=ALL-UNNAMED"
done

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
# The program bounds itself (--timeout-minutes); the outer timeout is the backstop.
# shellcheck disable=SC2086
exec timeout --kill-after=30s "$((TIMEOUT_MINUTES + 2))m" \
  java ${BENCH_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=10} $OPENS \
  -cp "$TARGET/adclick-bench-0.1.0-SNAPSHOT.jar:$TARGET/lib/*" \
  io.adclick.bench.JobThroughputBenchmark --timeout-minutes "$TIMEOUT_MINUTES" "$@"
