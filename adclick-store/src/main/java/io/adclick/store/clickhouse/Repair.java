package io.adclick.store.clickhouse;

import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Overwrites totals in tables that keep the largest one written: the buckets' rows, all salts, are
 * deleted by a mutation ({@code ALTER TABLE ... DELETE}), which is waited for, and the repaired
 * totals inserted after it, so the mutation (which only touches parts that existed when it was
 * made) cannot remove them.
 *
 * <p>Cost: on the oldest server supported (18.16) a mutation rewrites every part of the table it is
 * run on, so repairs are batched into one mutation per table of up to {@value #BATCH} buckets (the
 * IN list stays under the server's 256 KB query limit). Repairs are rare; the job's writes never go
 * this way.
 */
final class Repair {

  static final int BATCH = 2_000;
  static final Duration MUTATION_DEADLINE = Duration.ofMinutes(5);

  private final ClickHouseHttp http;

  Repair(ClickHouseHttp http) {
    this.http = http;
  }

  void overwrite(List<BucketCount> totals) {
    Map<Granularity, List<BucketCount>> byTable = new EnumMap<>(Granularity.class);
    for (BucketCount t : totals) {
      byTable.computeIfAbsent(t.granularity(), g -> new ArrayList<>()).add(t);
    }
    byTable.forEach(
        (g, rows) -> {
          for (int i = 0; i < rows.size(); i += BATCH) {
            List<BucketCount> batch = rows.subList(i, Math.min(rows.size(), i + BATCH));
            http.execute(deleteStatement(g, batch));
            awaitMutations(g);
            List<BucketCount> kept = batch.stream().filter(t -> t.clicks() > 0).toList();
            if (!kept.isEmpty()) {
              http.insert(Schema.INSERT_COUNTS, Rows.counts(kept));
            }
          }
        });
  }

  static String deleteStatement(Granularity g, List<BucketCount> buckets) {
    StringJoiner keys = new StringJoiner(", ", "(", ")");
    long[] values = new long[3 * buckets.size()];
    int i = 0;
    for (BucketCount b : buckets) {
      keys.add("(?, ?, ?)");
      values[i++] = b.advertiserId();
      values[i++] = b.adId();
      values[i++] = b.bucketStart();
    }
    return Sql.render(
        "ALTER TABLE " + Schema.table(g) + " DELETE WHERE (advertiser, ad, bucket) IN " + keys,
        values);
  }

  /** Waits until the table's mutations are done: until then the deleted rows may still be read. */
  private void awaitMutations(Granularity g) {
    String pending =
        "SELECT count() FROM system.mutations WHERE database = currentDatabase() AND table = '"
            + Schema.table(g)
            + "' AND is_done = 0 FORMAT TabSeparated";
    long deadline = System.nanoTime() + MUTATION_DEADLINE.toNanos();
    long pauseMillis = 10;
    while (Rows.scalar(http.execute(pending)) > 0) {
      if (System.nanoTime() > deadline) {
        throw new ClickHouseException(
            "a repair's delete on "
                + Schema.table(g)
                + " did not finish within "
                + MUTATION_DEADLINE.toMinutes()
                + " minutes; see system.mutations",
            0);
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClickHouseException("interrupted while waiting for a repair's delete", 0);
      }
      pauseMillis = Math.min(500, pauseMillis * 2);
    }
  }
}
