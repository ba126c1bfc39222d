package io.adclick.store.clickhouse;

import io.adclick.store.AdTotal;
import io.adclick.store.BucketCount;
import io.adclick.store.BucketTotal;
import io.adclick.store.MetricsStore;
import io.adclick.store.Retention;
import io.adclick.store.UpsertChecks;
import io.adclick.time.Granularity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * {@link MetricsStore} in a ClickHouse database, over its HTTP interface (see {@link Schema} for
 * the tables). Writes only ever append running totals; every read takes the largest total written
 * per ad, bucket and salt, so totals never move backwards, repeated writes change nothing, and
 * writers (any number of job subtasks on any machines) need no coordination. Tested against
 * ClickHouse 18.16 and later.
 *
 * <p>Differences from the RocksDB adapter: series are looked up by advertiser and ad together (the
 * query API only asks for an ad with its owner), and per-ad tables sum the ads' rows at read time
 * instead of keeping per-day tables. Thread-safe; each handle is independent.
 */
public final class ClickHouseMetricsStore implements MetricsStore {

  /** Largest salt a row can hold (UInt8). */
  static final int MAX_SALT = 255;

  private final ClickHouseEndpoint endpoint;
  private final ClickHouseHttp http;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** The largest completeThrough this handle wrote or read; smaller advances skip the server. */
  private final AtomicLong knownCompleteThrough = new AtomicLong();

  private ClickHouseMetricsStore(ClickHouseEndpoint endpoint) {
    this.endpoint = endpoint;
    this.http = new ClickHouseHttp(endpoint);
  }

  /**
   * Opens the store a {@code clickhouse://host:port/database} URI names, creating the database and
   * its tables if missing.
   *
   * @param env where {@code ADCLICK_CLICKHOUSE_USER} and {@code ADCLICK_CLICKHOUSE_PASSWORD} are
   *     looked up when the URI has no user
   * @throws IllegalArgumentException if the URI is malformed
   * @throws java.io.UncheckedIOException if the server cannot be reached or refuses
   */
  public static ClickHouseMetricsStore open(String uri, Map<String, String> env) {
    ClickHouseMetricsStore store = new ClickHouseMetricsStore(ClickHouseEndpoint.parse(uri, env));
    store.createSchema();
    return store;
  }

  private void createSchema() {
    ignoreAlreadyExists(
        () ->
            http.executeOnServer(
                "CREATE DATABASE IF NOT EXISTS " + Sql.identifier(endpoint.database())));
    for (String statement : Schema.createStatements()) {
      ignoreAlreadyExists(() -> http.execute(statement));
    }
    if (Rows.scalar(http.execute(Schema.HAS_USERS)) == 0) {
      throw new IllegalStateException(
          "ClickHouse database "
              + endpoint.database()
              + " holds tables of an older adclick without unique users; point --store at a new"
              + " database (or drop this one) and let the job refill it");
    }
  }

  /** Two stores opening at once can both pass {@code IF NOT EXISTS}; the loser's error is moot. */
  private static void ignoreAlreadyExists(Runnable ddl) {
    try {
      ddl.run();
    } catch (ClickHouseException e) {
      if (e.code() != ClickHouseException.TABLE_ALREADY_EXISTS
          && e.code() != ClickHouseException.DATABASE_ALREADY_EXISTS) {
        throw e;
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code INSERT} for the whole batch. Not atomic across granularities: if it fails
   * part-way, repeating it (as the job does on replay) completes it.
   *
   * @throws IllegalArgumentException also if a salt is outside 0..255
   */
  @Override
  public void upsert(List<BucketCount> counts) {
    checkOpen();
    if (counts.isEmpty()) {
      return;
    }
    UpsertChecks.requireStorable(counts);
    for (BucketCount count : counts) {
      if (count.salt() < 0 || count.salt() > MAX_SALT) {
        throw new IllegalArgumentException("salt must be 0.." + MAX_SALT + ": " + count);
      }
    }
    http.insert(Schema.INSERT_COUNTS, Rows.counts(counts));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Deletes the buckets' rows with a mutation, waits for it and inserts the repaired totals: see
   * {@link Repair} for the cost. Not atomic: a read between the two misses the buckets.
   */
  @Override
  public void overwrite(List<BucketCount> totals) {
    checkOpen();
    if (totals.isEmpty()) {
      return;
    }
    UpsertChecks.requireOverwritable(totals);
    new Repair(http).overwrite(totals);
  }

  @Override
  public List<BucketTotal> adSeries(
      Granularity granularity, long advertiserId, long adId, long fromInclusive, long toExclusive) {
    return series(granularity, advertiserId, adId, fromInclusive, toExclusive);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Hours and days are the advertiser totals the job wrote (rows with ad 0); minutes are summed
   * from the advertiser's ad rows.
   */
  @Override
  public List<BucketTotal> advertiserSeries(
      Granularity granularity, long advertiserId, long fromInclusive, long toExclusive) {
    if (granularity != Granularity.MINUTE) {
      return series(
          granularity, advertiserId, BucketCount.ADVERTISER_TOTAL, fromInclusive, toExclusive);
    }
    return read(
        fromInclusive,
        toExclusive,
        (from, to) -> Queries.advertiserMinutes(advertiserId, from, to),
        BucketTotal::new);
  }

  private List<BucketTotal> series(
      Granularity granularity, long advertiserId, long adId, long fromInclusive, long toExclusive) {
    checkOpen();
    long from = Math.max(0, fromInclusive);
    if (toExclusive <= from) {
      return List.of();
    }
    return Rows.series(
        http.execute(Queries.series(granularity, advertiserId, adId, from, toExclusive)));
  }

  @Override
  public List<AdTotal> adTotals(
      Granularity granularity, long advertiserId, long fromInclusive, long toExclusive) {
    RangeQuery sql = (from, to) -> Queries.adTotals(granularity, advertiserId, from, to);
    return read(fromInclusive, toExclusive, sql, AdTotal::new);
  }

  /** {@inheritDoc} One query, its answer read line by line as it streams in. */
  @Override
  public void scanBuckets(
      Granularity granularity, long fromInclusive, long toExclusive, Consumer<BucketCount> out) {
    MetricsStore.requireWithinOneDay(fromInclusive, toExclusive);
    checkOpen();
    http.stream(
        Queries.adBuckets(granularity, fromInclusive, toExclusive),
        line -> {
          if (!line.isEmpty()) {
            out.accept(Rows.adBucket(granularity, line));
          }
        });
  }

  /** The SQL of a read over bucket starts in {@code [from, to)}. */
  @FunctionalInterface
  private interface RangeQuery {
    String sql(long from, long to);
  }

  /** Runs a range read whose answer has two numeric columns, one {@code T} per row. */
  private <T> List<T> read(
      long fromInclusive, long toExclusive, RangeQuery query, BiFunction<Long, Long, T> row) {
    checkOpen();
    long from = Math.max(0, fromInclusive);
    if (toExclusive <= from) {
      return List.of();
    }
    List<T> out = new ArrayList<>();
    for (long[] pair : Rows.pairs(http.execute(query.sql(from, toExclusive)))) {
      out.add(row.apply(pair[0], pair[1]));
    }
    return out;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Appends the instant; {@link #completeThrough} reads the largest ever appended, so concurrent
   * writers on any machines cannot move it backwards. An instant this handle knows is not an
   * advance is not sent.
   */
  @Override
  public void advanceCompleteThrough(long epochMillis) {
    checkOpen();
    if (epochMillis <= knownCompleteThrough.get()) {
      return;
    }
    http.insert(Schema.INSERT_COMPLETE_THROUGH, Rows.single(epochMillis));
    knownCompleteThrough.accumulateAndGet(epochMillis, Math::max);
  }

  @Override
  public long completeThrough() {
    checkOpen();
    long value = Rows.scalar(http.execute(Queries.COMPLETE_THROUGH));
    knownCompleteThrough.accumulateAndGet(value, Math::max);
    return value;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Drops each partition whose whole period is older than the retention ({@code ALTER TABLE ...
   * DROP PARTITION}, partitions listed from {@code system.parts}): at most one period (a day of
   * minutes, 30 days of hours, 360 days of days) outlives the retention.
   */
  @Override
  public int applyRetention(Retention retention, long nowMillis) {
    checkOpen();
    int dropped = 0;
    for (Granularity g : Granularity.values()) {
      long period = Schema.partitionPeriod(g);
      long keepFrom = nowMillis - retention.of(g).toMillis();
      for (long number : Rows.column(http.execute(Queries.partitions(g)))) {
        if ((number + 1) * period <= keepFrom) {
          http.execute(Queries.dropPartition(g, number));
          dropped++;
        }
      }
    }
    return dropped;
  }

  /**
   * {@inheritDoc} Every insert is a new part per table that the server merges later; ClickHouse
   * wants few, large inserts (at most about one a second), so batches are large.
   */
  @Override
  public int preferredBatchSize() {
    return 100_000;
  }

  /** {@inheritDoc} The bytes of the database's active parts on the server, from system.parts. */
  @Override
  public long sizeOnDiskBytes() {
    checkOpen();
    return Rows.scalar(http.execute(Queries.SIZE_ON_DISK));
  }

  /** Ends this handle; further calls fail. Nothing is held on the server. Idempotent. */
  @Override
  public void close() {
    closed.set(true);
  }

  @Override
  public String toString() {
    return "ClickHouseMetricsStore[" + endpoint + "]";
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("metrics store " + endpoint + " is closed");
    }
  }
}
