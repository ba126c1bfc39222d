#!/usr/bin/env bash
# The multi-process test: the whole scaled-out product on one machine (cluster/local-cluster.sh),
# clicked through both click services, with one click service and one Kafka broker killed mid-run;
# then every acknowledged click must be counted exactly once by the query service.
#
#   cluster/test.sh        (CI runs it after `mvn -B verify`; it needs the built jars)
#
# Settings (environment): ADCLICK_CLUSTER_DIR, ADCLICK_CLUSTER_PORT as for local-cluster.sh;
# CLUSTER_TEST_RATE clicks/s (default 150), CLUSTER_TEST_SECONDS of clicking (default 60).
# Exit 0 when exact (and the cluster's directory is removed), non-zero otherwise (its data and logs
# stay in $ADCLICK_CLUSTER_DIR).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ADCLICK_CLUSTER_DIR="${ADCLICK_CLUSTER_DIR:-/tmp/adclick-cluster-test}"
DIR="$ADCLICK_CLUSTER_DIR"
RATE="${CLUSTER_TEST_RATE:-150}"
RUN_SECONDS="${CLUSTER_TEST_SECONDS:-60}"
CLUSTER="$ROOT/cluster/local-cluster.sh"
STARTED=$SECONDS

say() { echo "[cluster-test +$((SECONDS - STARTED))s] $*" >&2; }

finish() {
  local code=$?
  if [ $code -ne 0 ]; then
    say "FAILED (exit $code); last lines of each log:"
    for f in "$DIR"/logs/*.log; do
      echo "----- $f" >&2
      tail -n 25 "$f" >&2 || true
    done
  fi
  "$CLUSTER" down || true
  # Passed: nothing left behind. Failed: the data and logs stay for a look.
  [ $code -eq 0 ] && rm -rf "$DIR"
  exit $code
}

# metric_sum URL PATTERN: the sum of the Prometheus samples at URL whose line starts with PATTERN
# (an awk regex); nothing when none does, or when URL does not answer.
metric_sum() {
  curl -fsS "$1" 2>/dev/null |
    awk -v p="^$2" '$0 ~ p { s += $NF; n++ } END { if (n) printf "%d", s }'
}

# Clicks a service has answered so far.
clicks_served() { metric_sum "$1/metrics" 'adclick_clicks_total[{]'; }

# Bytes a click service's spool still holds, not yet handed to Kafka.
spool_bytes() { metric_sum "$1/metrics" 'adclick_spool_bytes '; }

# verify_exact LEDGER LOG: `adclick verify` until exact, for up to a minute after the counts are
# complete. Clicks a click service spooled before it was killed reach Kafka only when it replays
# them after its restart; the job then corrects their (already final) minutes within a flush
# interval or two. A click really lost stays lost, and the last attempt fails the test.
verify_exact() {
  local attempt
  for attempt in 1 2 3 4 5 6; do
    if "$ROOT/adclick" verify --ledger "$1" --target "$QUERY_URL" --wait 4m >"$2" 2>&1; then
      cat "$2"
      return 0
    fi
    say "verify attempt $attempt: $(grep '^VERIFY' "$2")"
    sleep 10 # giving late corrections their flush interval, then asking again
  done
  cat "$2"
  return 1
}

# await_clicks URL N SECONDS: until the service at URL has answered N clicks.
await_clicks() {
  local deadline=$((SECONDS + $3))
  until [ "$(clicks_served "$1")" -ge "$2" ] 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      say "$1 did not reach $2 clicks in $3s (at $(clicks_served "$1"))"
      return 1
    fi
    sleep 0.5 # polling another process's metrics
  done
}

"$CLUSTER" clean >/dev/null 2>&1 || true
trap finish EXIT
"$CLUSTER" up
UP_SECONDS=$((SECONDS - STARTED))
say "cluster up in ${UP_SECONDS}s"
eval "$("$CLUSTER" env)"
CLICK_1="${CLICK_URLS%%,*}"
CLICK_2="${CLICK_URLS##*,}"

# A second copy of the job would count every click twice: submitting again must be refused.
if "$ROOT/adclick" job submit >"$DIR/logs/second-submit.log" 2>&1; then
  say "a second submission of the running job was accepted"
  exit 1
fi
grep -q "already RUNNING" "$DIR/logs/second-submit.log"
say "a second submission of the job was refused"

LEDGER="$DIR/ledger.tsv"
say "clicking at $RATE/s for ${RUN_SECONDS}s through $CLICK_1 and $CLICK_2, 20% repeats"
"$ROOT/adclick" loadgen --target "$ADMIN_URL" --click-target "$CLICK_1" --click-target "$CLICK_2" \
  --rate "$RATE" --duration "${RUN_SECONDS}s" --ads 40 --duplicate-ratio 0.2 --forged-ratio 0.01 \
  --connections 32 --timeout 10s --ledger "$LEDGER" >"$DIR/logs/loadgen.log" 2>&1 &
LOADGEN=$!

# The faults, a third and two thirds of the way through the clicks.
THIRD=$((RATE * RUN_SECONDS / 3))
await_clicks "$CLICK_1" $((THIRD / 2)) $((RUN_SECONDS * 2))
"$CLUSTER" kill click-1
say "killed click-1 after it answered $((THIRD / 2))+ clicks"
await_clicks "$CLICK_2" $((THIRD + THIRD / 2)) $((RUN_SECONDS * 2))
"$CLUSTER" kill kafka-2
say "killed kafka-2 (a broker and controller of three; replication 3, 2 acknowledging)"

LOADGEN_EXIT=0
wait $LOADGEN || LOADGEN_EXIT=$?
say "clicking done (loadgen exit $LOADGEN_EXIT: non-zero when clicks in flight at the kill got no answer)"
grep -E "^(LOADGEN|click target)" "$DIR/logs/loadgen.log" >&2 || true

# What click-1 acknowledged but had only spooled when it died is replayed when it comes back
# with its data directory, as it would on its persistent volume.
"$CLUSTER" start click-1
DEADLINE=$((SECONDS + 120))
until [ "$(spool_bytes "$CLICK_1")" = 0 ]; do
  [ $SECONDS -lt $DEADLINE ] || { say "click-1 did not replay its spool in 120s"; exit 1; }
  sleep 0.5 # polling another process's metrics
done
say "click-1 restarted and replayed its spool"
curl -fsS "$CLICK_2/readyz" >/dev/null && say "click-2 ready with two brokers of three"

# How many of click-2's clicks waited out the broker's loss (and any slow acknowledgements) in its
# spool rather than going straight to Kafka: for the log, not a pass condition.
say "click-2 answered $(clicks_served "$CLICK_2") clicks, $(metric_sum "$CLICK_2/metrics" \
  'adclick_spool_clicks_total[{]result="spooled"[}]') of them through its spool"

VERIFY_STARTED=$SECONDS
verify_exact "$LEDGER" "$DIR/logs/verify.log"
say "verified in $((SECONDS - VERIFY_STARTED))s"
grep -q "^VERIFY .* lost=0 double=0" "$DIR/logs/verify.log"
# An upgrade: stop the job with a savepoint, start it again from it, click on, and every click of
# both runs must still be counted once.
STOPPED="$("$ROOT/adclick" job stop --savepoints "file://$DIR/flink/savepoints")"
SAVEPOINT="${STOPPED##* with savepoint }"
say "$STOPPED"
"$ROOT/adclick" job submit --restore-from "$SAVEPOINT" --checkpoint-interval 5s --parallelism 2
curl -fsS "http://127.0.0.1:${ADCLICK_FLINK##*:}/jobs/overview" >/dev/null
JOB_ID="$(curl -fsS "http://127.0.0.1:${ADCLICK_FLINK##*:}/jobs/overview" |
  grep -o '"jid":"[0-9a-f]*","name":"adclick-aggregation"[^}]*"state":"RUNNING"' | head -1 |
  sed 's/"jid":"\([0-9a-f]*\)".*/\1/')"
curl -fsS "http://127.0.0.1:${ADCLICK_FLINK##*:}/jobs/$JOB_ID/checkpoints" | grep -q "${SAVEPOINT#file:}"
say "the job runs again as $JOB_ID, restored from the savepoint"
"$ROOT/adclick" loadgen --target "$ADMIN_URL" --click-target "$CLICK_1" --click-target "$CLICK_2" \
  --rate 100 --duration 15s --ads 10 --duplicate-ratio 0.2 --connections 16 \
  --ledger "$DIR/ledger-after-upgrade.tsv" >"$DIR/logs/loadgen-after-upgrade.log" 2>&1
verify_exact "$DIR/ledger-after-upgrade.tsv" "$DIR/logs/verify-after-upgrade.log"
verify_exact "$LEDGER" "$DIR/logs/verify-again.log"
say "both runs' clicks counted once across the upgrade"

# The job's store sink reports its writes through Flink's metrics, scraped here as Prometheus would.
SINK_WRITES=0
for url in ${FLINK_METRICS_URLS//,/ }; do
  n="$(metric_sum "$url" flink_taskmanager_job_task_operator_adclick_store_write_batches)"
  SINK_WRITES=$((SINK_WRITES + ${n:-0}))
done
say "the job's store sink reported $SINK_WRITES batches written (Flink's Prometheus reporter)"
[ "$SINK_WRITES" -gt 0 ]

# The job lost (cancelled here, as an operator or a failed cluster would): it resumes from the
# newest checkpoint the cluster retained, found by `--restore-from latest`.
curl -fsS -X PATCH "http://127.0.0.1:${ADCLICK_FLINK##*:}/jobs/$JOB_ID?mode=cancel" >/dev/null
DEADLINE=$((SECONDS + 60))
while curl -fsS "http://127.0.0.1:${ADCLICK_FLINK##*:}/jobs/overview" | grep -q '"state":"RUNNING"'; do
  [ $SECONDS -lt $DEADLINE ] || { say "the job did not cancel"; exit 1; }
  sleep 0.5 # polling Flink's REST API
done
"$ROOT/adclick" job submit --restore-from latest --checkpoint-interval 5s --parallelism 2 |
  tee "$DIR/logs/resubmit.log"
grep -q "^restoring from file:.*/$JOB_ID/chk-" "$DIR/logs/resubmit.log"
verify_exact "$DIR/ledger-after-upgrade.tsv" "$DIR/logs/verify-after-resume.log"
say "the cancelled job resumed from its newest retained checkpoint, counts unchanged"

say "PASSED: every acknowledged click counted once (cluster up ${UP_SECONDS}s, whole test $((SECONDS - STARTED))s)"
