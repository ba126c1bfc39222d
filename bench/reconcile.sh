#!/usr/bin/env bash
# Reconciliation speed at the design point: writes a synthetic lake of three days (the day and the
# days a recount looks back and ahead into; 100M clicks a day by default, in the archive's layout,
# schema and file count) and a RocksDB store filled with the day's counts, corrupts a known number
# of the store's minutes,
# then, in a fresh JVM, times one reconciliation of the day and, as baselines in the same run,
# reading the day's columns, the store's scan alone and the recount alone. Prints the Parquet size
# of the day, the peak RSS of the measuring JVM, and PASS if the run found exactly the corrupted
# minutes.
#
# Usage: bench/reconcile.sh [prepare options]   e.g. --clicks-per-day 10000000 for a quick run;
#        --files-per-hour (default 1440, the embedded job's), --ads, --advertisers, --corrupt.
# The server merges each closed hour's part files into one before reconciling it; so does this
# benchmark (timed per day) before measuring, unless BENCH_COMPACT=0.
# Environment: BENCH_KEEP=1 keeps the work dir, BENCH_WORK=<kept dir> measures it again without
#              preparing, BENCH_DUCKDB_MB (DuckDB's memory_limit, default 4096),
#              BENCH_JAVA_OPTS (default -Xmx1g; DuckDB and RocksDB live outside the heap).
# The 100M-click preparation takes about 10 minutes on the 2-core VM.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$ROOT/adclick-bench/target"
DAY="$(date -u -d '2 days ago' +%F)"
WORK="${BENCH_WORK:-$(mktemp -d -t adclick-reconcilebench-XXXXXX)}"
cleanup() {
  if [ "${BENCH_KEEP:-0}" = 1 ] || [ -n "${BENCH_WORK:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

echo "building..." >&2
(cd "$ROOT" && mvn -B -q package -pl adclick-bench -am -DskipTests -Dspotless.check.skip=true) >&2
CP="$TARGET/adclick-bench-0.1.0-SNAPSHOT.jar:$TARGET/lib/*"
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx1g}"
MAIN=io.adclick.bench.reconcile.ReconcileBenchmark
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
if [ -z "${BENCH_WORK:-}" ]; then
  # shellcheck disable=SC2086
  java $JAVA_OPTS -cp "$CP" "$MAIN" prepare --work "$WORK" --day "$DAY" \
    --duckdb-memory-mb "${BENCH_DUCKDB_MB:-4096}" "$@"
else
  # The lake holds the day and the days before and after it: the day is the middle one.
  DAY="$(ls "$WORK/lake" | sort | sed -n 2p | sed 's/^dt=//')"
  echo "measuring the prepared work dir $WORK again (day $DAY)"
fi
if [ "${BENCH_COMPACT:-1}" = 1 ]; then
  # shellcheck disable=SC2086
  java $JAVA_OPTS -cp "$CP" "$MAIN" compact --work "$WORK" --day "$DAY" \
    --duckdb-memory-mb "${BENCH_DUCKDB_MB:-4096}"
fi
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$CP" "$MAIN" measure --work "$WORK" --day "$DAY" \
  --duckdb-memory-mb "${BENCH_DUCKDB_MB:-4096}"
