package io.adclick.bench;

import org.apache.flink.api.common.JobID;

/** Reads {@link JobProgress} of one run of the aggregation job from {@link MetricsTap}. */
final class JobProbe {
  // Operator names as ClickAggregationJob gives them; the benchmark's IT fails if they drift.
  private static final String DEDUP = "Dedup by impression";
  private static final String COUNTER = "Count per ad and bucket";
  private static final String RECORDS_IN = "numRecordsIn";

  private final MetricsTap tap;
  private final JobID job;

  JobProbe(MetricsTap tap, JobID job) {
    this.tap = tap;
    this.job = job;
  }

  JobProgress progress() {
    return new JobProgress(
        tap.operatorCount(job, DEDUP, RECORDS_IN),
        tap.operatorCount(job, COUNTER, RECORDS_IN),
        tap.operatorCount(job, DEDUP, "duplicateClicks"),
        tap.operatorCount(job, DEDUP, "lateClicks"));
  }
}
