package org.metersync.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjLongConsumer;
import org.metersync.adapters.postgres.PlainJdbcFlows;

/**
 * Collects one upload run's select, mark and lease renewal times, told by whichever thread ran the
 * statement (the service marks on a pipeline thread); other statements, such as the tenant lookup,
 * are ignored.
 */
final class StatementTimer implements ObjLongConsumer<String> {

  private final List<Long> selects = new ArrayList<>();
  private final List<Long> marks = new ArrayList<>();
  private final List<Long> renews = new ArrayList<>();

  /** The operation under which the service counts a tenant lease's renewal. */
  static final String RENEW_OPERATION = "lease.renew";

  @Override
  public synchronized void accept(String operation, long nanos) {
    if (PlainJdbcFlows.SELECT_OPERATION.equals(operation)) {
      selects.add(nanos);
    } else if (PlainJdbcFlows.MARK_OPERATION.equals(operation)) {
      marks.add(nanos);
    } else if (RENEW_OPERATION.equals(operation)) {
      renews.add(nanos);
    }
  }

  synchronized StatementTimes times() {
    return new StatementTimes(
        StatementTimes.Timings.ofNanos(nanos(selects)),
        StatementTimes.Timings.ofNanos(nanos(marks)));
  }

  /** The lease renewals' times (only an upload that holds a lease renews one). */
  synchronized StatementTimes.Timings renews() {
    return StatementTimes.Timings.ofNanos(nanos(renews));
  }

  private static long[] nanos(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }
}
