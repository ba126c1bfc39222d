package io.adclick.reconcile;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * One reconciliation run: compare the store with the lake's recount over a range, repair what
 * differs (unless a dry run), and record the run and its corrections.
 *
 * <p>Bound: the differences of the range are held until the repair, at most one per (ad, minute) of
 * the range (about 4M for an hour at the design point if every minute were wrong): the schedule
 * runs an hour at a time, and on demand a long range should be too.
 */
public final class Reconciliation {

  private final StoreAudit audit;
  private final StoreRepair repair;
  private final ReconciliationLog log;
  private final Clock clock;

  public Reconciliation(StoreAudit audit, StoreRepair repair, ReconciliationLog log, Clock clock) {
    this.audit = audit;
    this.repair = repair;
    this.log = log;
    this.clock = clock;
  }

  /**
   * @param from inclusive, a whole minute
   * @param to exclusive, a whole minute after {@code from}
   * @return the run as recorded
   */
  public ReconciliationRun run(long from, long to, boolean dryRun) throws SQLException {
    return run(from, to, dryRun, minutes -> {});
  }

  /**
   * As {@link #run(long, long, boolean)}, telling {@code minutesCompared} how far the comparison
   * got (see {@link StoreAudit#compare(long, long, java.util.function.Consumer, LongConsumer)});
   * the repair and the record follow the last report.
   */
  public ReconciliationRun run(long from, long to, boolean dryRun, LongConsumer minutesCompared)
      throws SQLException {
    long started = clock.millis();
    List<BucketDifference> differences = new ArrayList<>();
    Comparison found = audit.compare(from, to, differences::add, minutesCompared);
    List<Correction> made = dryRun ? List.of() : repair.repair(differences);
    ReconciliationRun run =
        new ReconciliationRun(
            0, started, from, to, dryRun, found, made.size(), clock.millis() - started);
    return log.record(run, made);
  }
}
